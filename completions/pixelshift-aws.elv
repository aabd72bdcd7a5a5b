
use builtin;
use str;

set edit:completion:arg-completer[pixelshift-aws] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'pixelshift-aws'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'pixelshift-aws'= {
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand setup 'The whole job, step by step: user → key → policy → attach → verify (asks, or takes flags)'
            cand create-user 'Create the IAM user (programmatic access only) and its access key, stored in the OS keyring'
            cand make-policy 'Print the least-privilege policy for the chosen buckets, or it and the user as CloudFormation or Terraform (offline)'
            cand attach-policy 'Put the policy on the user, inline or managed (shows a diff before replacing one)'
            cand verify 'Prove, with the user''s own key, that Pixelshift can list, read, write and delete in every bucket'
            cand status 'Is the setup still healthy? The user, its keys, every policy reaching it, and what needs doing'
            cand list 'Every user in the account that pixelshift-aws manages'
            cand rotate-keys 'Replace the user''s access key without downtime: a new key now, the old one retired with --finish'
            cand teardown 'Remove everything pixelshift-aws set up for a user: keys, policies, the user, the stored pairs'
            cand keys 'Show or delete the access key pair stored in the keyring'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pixelshift-aws;setup'= {
            cand --user-name 'IAM user name for Pixelshift [default: iam_pixelshift]'
            cand --policy-name 'Name of the policy on the user [default: pixelshift_access]'
            cand --bucket 'Bucket to grant (repeatable, or comma-separated); `name-*` grants every bucket starting `name-`'
            cand --access 'What the user may do in the buckets [default: read-write]'
            cand --prefix 'Limit object access (and listing) to keys starting with this prefix, e.g. `pixelshift/`'
            cand --kms-key 'A customer-managed KMS key (ARN) the buckets encrypt with: the policy may then use it, through S3 only (repeatable). setup and attach-policy find a bucket''s key themselves'
            cand --policy-type 'Inline policy, or customer-managed policies [default: what the user has, else inline]'
            cand --tag 'Extra tag for the user (repeatable); `managed-by=pixelshift-aws` is always set'
            cand --permissions-boundary 'Managed policy ARN to set as the user''s permissions boundary when it is created'
            cand --keyring 'Keyring to use; `auto` takes the first that works on this machine'
            cand --keys-file 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works'
            cand --wait 'Seconds verify keeps retrying while the new key and policy propagate through IAM'
            cand --format 'With --dry-run: print the plan, or the same user and policy as a CloudFormation or Terraform template'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --all-buckets 'Grant every bucket in the account, including future ones (not recommended)'
            cand --adopt 'Take over an existing user that this tool did not create (tags it managed-by=pixelshift-aws)'
            cand --show-secret 'Also print the secret access key (it is always in the keyring or key file)'
            cand --no-verify 'Skip the final verify step'
            cand --probe-locked 'Let verify write a probe into buckets with an Object Lock default retention too (it then stays until the retention ends); without it, write and delete are not tested there'
            cand --dry-run 'Read the current state and print the plan (each AWS call, and the policy); change nothing'
            cand --rollback-on-failure 'If a step fails, remove what this run created instead of leaving it for a resume'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;create-user'= {
            cand --user-name 'IAM user name for Pixelshift [default: iam_pixelshift]'
            cand --tag 'Extra tag for the user (repeatable); `managed-by=pixelshift-aws` is always set'
            cand --permissions-boundary 'Managed policy ARN to set as the user''s permissions boundary when it is created'
            cand --keyring 'Keyring to use; `auto` takes the first that works on this machine'
            cand --keys-file 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --adopt 'Take over an existing user that this tool did not create (tags it managed-by=pixelshift-aws)'
            cand --show-secret 'Also print the secret access key (it is always in the keyring or key file)'
            cand --dry-run 'Read the current state and print the plan (each AWS call and where the key would go); change nothing'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;make-policy'= {
            cand --bucket 'Bucket to grant (repeatable, or comma-separated); `name-*` grants every bucket starting `name-`'
            cand --access 'What the user may do in the buckets [default: read-write]'
            cand --prefix 'Limit object access (and listing) to keys starting with this prefix, e.g. `pixelshift/`'
            cand --kms-key 'A customer-managed KMS key (ARN) the buckets encrypt with: the policy may then use it, through S3 only (repeatable). setup and attach-policy find a bucket''s key themselves'
            cand --partition 'AWS partition for the ARNs (commands that call AWS take it from your identity)'
            cand --policy-type 'Inline policy, or customer-managed policies (for more buckets than 2,048 characters hold)'
            cand --format 'The policy JSON, or the user and its policy as a CloudFormation or Terraform template'
            cand --user-name 'The user the policy is for: names a managed policy, and a template''s default user name'
            cand --policy-name 'Name of the policy (a managed policy is named `<policy>.<user>`)'
            cand --tag 'Templates: extra tag for the user (repeatable); `managed-by=pixelshift-aws` is always set'
            cand --permissions-boundary 'Templates: the permissions boundary''s default (a managed policy ARN)'
            cand -o 'Write the output to FILE instead of stdout (`-` for stdout)'
            cand --out 'Write the output to FILE instead of stdout (`-` for stdout)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --all-buckets 'Grant every bucket in the account, including future ones (not recommended)'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;attach-policy'= {
            cand --user-name 'IAM user name for Pixelshift [default: iam_pixelshift]'
            cand --policy-name 'Name of the policy on the user'
            cand --bucket 'Bucket to grant (repeatable, or comma-separated); `name-*` grants every bucket starting `name-`'
            cand --access 'What the user may do in the buckets [default: read-write]'
            cand --prefix 'Limit object access (and listing) to keys starting with this prefix, e.g. `pixelshift/`'
            cand --kms-key 'A customer-managed KMS key (ARN) the buckets encrypt with: the policy may then use it, through S3 only (repeatable). setup and attach-policy find a bucket''s key themselves'
            cand --policy-type 'Inline policy, or customer-managed policies [default: what the user has, else inline]'
            cand --policy-file 'Attach this policy document instead of building one (`-` reads stdin)'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --all-buckets 'Grant every bucket in the account, including future ones (not recommended)'
            cand --adopt 'Allow changing a user that this tool did not create (tags it managed-by=pixelshift-aws)'
            cand --dry-run 'Read the current state and print the plan (each AWS call, and the policy diff); change nothing'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;verify'= {
            cand --user-name 'IAM user name for Pixelshift [default: iam_pixelshift]'
            cand --policy-name 'Policy to take the buckets, access and prefix from when --bucket is not given (inline, or managed)'
            cand --bucket 'Bucket to check (repeatable, or comma-separated); default: the buckets the user''s policy grants'
            cand --access 'Access to expect; with read-only, denied writes and deletes pass (default: the policy''s)'
            cand --prefix 'Probe under this key prefix (default: the policy''s)'
            cand --max-buckets 'For an all-buckets or `name-*` policy, check at most this many of the matching buckets'
            cand --wait 'Seconds to keep retrying while a new key or policy propagates through IAM'
            cand --keyring 'Keyring to use; `auto` takes the first that works on this machine'
            cand --keys-file 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works'
            cand --account-id 'AWS account id of the user, to find its key in the keyring (default: your credentials'' account)'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --probe-locked 'Also write a probe into buckets with an Object Lock default retention (it then stays until the retention ends); without it, write and delete are not tested there'
            cand --keys-from-env 'Take the user''s key pair from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN)'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;status'= {
            cand --user-name 'IAM user name for Pixelshift [default: iam_pixelshift]'
            cand --policy-name 'The policy pixelshift-aws manages on the user (inline, or managed `<policy>.<user>`)'
            cand --max-key-age 'A key older than this many days is a finding'
            cand --keyring 'Keyring to use; `auto` takes the first that works on this machine'
            cand --keys-file 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;list'= {
            cand --policy-name 'The policy whose buckets are shown (inline, or managed `<policy>.<user>`)'
            cand --keyring 'Keyring to look for stored keys in'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --scan-all 'Read every IAM user''s tags to find this tool''s users, not only those under the path /pixelshift-aws/ (users made before 0.2, or moved by hand; setup moves them there)'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;rotate-keys'= {
            cand --user-name 'IAM user name for Pixelshift [default: iam_pixelshift]'
            cand --policy-name 'The policy whose buckets prove the new key (inline, or managed `<policy>.<user>`)'
            cand --wait 'Seconds verify keeps retrying while the new key propagates through IAM'
            cand --keyring 'Keyring to use; `auto` takes the first that works on this machine'
            cand --keys-file 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --finish 'Phase two: retire the old key once the Pixelshift dashboard uses the new one'
            cand --force 'With --finish: retire the old key even though nothing shows yet that Pixelshift uses the new one'
            cand --keep-old 'With --finish: deactivate the old key but keep it (inactive) instead of deleting it'
            cand --no-verify 'Do not prove the new key before keeping it'
            cand --dry-run 'Print the plan; change nothing'
            cand --show-secret 'Also print the new secret access key'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;teardown'= {
            cand --user-name 'IAM user name for Pixelshift [default: iam_pixelshift]'
            cand --keyring 'Keyring to use; `auto` takes the first that works on this machine'
            cand --keys-file 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --dry-run 'Print what would be removed; change nothing'
            cand --all 'On a user adopted with `setup --adopt`, also remove what it had before (its own keys, policies, groups, console password) and the user itself'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;keys'= {
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print the stored key, for Pixelshift''s dashboard (the secret with --reveal)'
            cand delete 'Remove the stored pair from the keyring (the key itself stays active in IAM)'
            cand credential-process 'Print the stored pair as credential_process JSON, for AWS CLI and SDK profiles'
            cand configure-profile 'Write an AWS CLI/SDK profile whose credential_process reads the stored key'
            cand export 'Print the pair as shell exports, dotenv or JSON, for a secrets manager or CI'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pixelshift-aws;keys;show'= {
            cand --user-name 'IAM user name for Pixelshift [default: iam_pixelshift]'
            cand --account-id 'AWS account id of the user (default: the account of your AWS credentials)'
            cand --keyring 'Keyring to use; `auto` takes the first that works on this machine'
            cand --keys-file 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --reveal 'Also print the secret access key'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;keys;delete'= {
            cand --user-name 'IAM user name for Pixelshift [default: iam_pixelshift]'
            cand --account-id 'AWS account id of the user (default: the account of your AWS credentials)'
            cand --keyring 'Keyring to delete from'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;keys;credential-process'= {
            cand --user-name 'IAM user name for Pixelshift [default: iam_pixelshift]'
            cand --account-id 'AWS account id of the user; with it, no AWS credentials are needed (default: your credentials'' account)'
            cand --keyring 'Keyring to use; `auto` takes the first that works on this machine'
            cand --keys-file 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --reveal 'Print even when stdout is a terminal (the AWS CLI reads it through a pipe)'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;keys;configure-profile'= {
            cand --profile-name 'Name of the profile to write (`default` writes the [default] section)'
            cand --user-name 'IAM user name for Pixelshift [default: iam_pixelshift]'
            cand --account-id 'AWS account id of the user (default: the account of your AWS credentials)'
            cand --keyring 'Keyring to use; `auto` takes the first that works on this machine'
            cand --keys-file 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --dry-run 'Show the section that would be written and where; change nothing'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;keys;export'= {
            cand --user-name 'IAM user name for Pixelshift [default: iam_pixelshift]'
            cand --account-id 'AWS account id of the user (default: the account of your AWS credentials)'
            cand --keyring 'Keyring to use; `auto` takes the first that works on this machine'
            cand --keys-file 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works'
            cand --format 'Shape of the output [default: env, or json with --output json]'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --reveal 'Print even when stdout is a terminal'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;keys;help'= {
            cand show 'Print the stored key, for Pixelshift''s dashboard (the secret with --reveal)'
            cand delete 'Remove the stored pair from the keyring (the key itself stays active in IAM)'
            cand credential-process 'Print the stored pair as credential_process JSON, for AWS CLI and SDK profiles'
            cand configure-profile 'Write an AWS CLI/SDK profile whose credential_process reads the stored key'
            cand export 'Print the pair as shell exports, dotenv or JSON, for a secrets manager or CI'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pixelshift-aws;keys;help;show'= {
        }
        &'pixelshift-aws;keys;help;delete'= {
        }
        &'pixelshift-aws;keys;help;credential-process'= {
        }
        &'pixelshift-aws;keys;help;configure-profile'= {
        }
        &'pixelshift-aws;keys;help;export'= {
        }
        &'pixelshift-aws;keys;help;help'= {
        }
        &'pixelshift-aws;completions'= {
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand -y 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --yes 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
            cand --non-interactive 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
            cand -v 'Say more about each step (repeat for more); secrets are never shown'
            cand --verbose 'Say more about each step (repeat for more); secrets are never shown'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pixelshift-aws;help'= {
            cand setup 'The whole job, step by step: user → key → policy → attach → verify (asks, or takes flags)'
            cand create-user 'Create the IAM user (programmatic access only) and its access key, stored in the OS keyring'
            cand make-policy 'Print the least-privilege policy for the chosen buckets, or it and the user as CloudFormation or Terraform (offline)'
            cand attach-policy 'Put the policy on the user, inline or managed (shows a diff before replacing one)'
            cand verify 'Prove, with the user''s own key, that Pixelshift can list, read, write and delete in every bucket'
            cand status 'Is the setup still healthy? The user, its keys, every policy reaching it, and what needs doing'
            cand list 'Every user in the account that pixelshift-aws manages'
            cand rotate-keys 'Replace the user''s access key without downtime: a new key now, the old one retired with --finish'
            cand teardown 'Remove everything pixelshift-aws set up for a user: keys, policies, the user, the stored pairs'
            cand keys 'Show or delete the access key pair stored in the keyring'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pixelshift-aws;help;setup'= {
        }
        &'pixelshift-aws;help;create-user'= {
        }
        &'pixelshift-aws;help;make-policy'= {
        }
        &'pixelshift-aws;help;attach-policy'= {
        }
        &'pixelshift-aws;help;verify'= {
        }
        &'pixelshift-aws;help;status'= {
        }
        &'pixelshift-aws;help;list'= {
        }
        &'pixelshift-aws;help;rotate-keys'= {
        }
        &'pixelshift-aws;help;teardown'= {
        }
        &'pixelshift-aws;help;keys'= {
            cand show 'Print the stored key, for Pixelshift''s dashboard (the secret with --reveal)'
            cand delete 'Remove the stored pair from the keyring (the key itself stays active in IAM)'
            cand credential-process 'Print the stored pair as credential_process JSON, for AWS CLI and SDK profiles'
            cand configure-profile 'Write an AWS CLI/SDK profile whose credential_process reads the stored key'
            cand export 'Print the pair as shell exports, dotenv or JSON, for a secrets manager or CI'
        }
        &'pixelshift-aws;help;keys;show'= {
        }
        &'pixelshift-aws;help;keys;delete'= {
        }
        &'pixelshift-aws;help;keys;credential-process'= {
        }
        &'pixelshift-aws;help;keys;configure-profile'= {
        }
        &'pixelshift-aws;help;keys;export'= {
        }
        &'pixelshift-aws;help;completions'= {
        }
        &'pixelshift-aws;help;help'= {
        }
    ]
    $completions[$command]
}
