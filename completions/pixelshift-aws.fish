# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_pixelshift_aws_global_optspecs
    string join \n output= y/yes non-interactive v/verbose q/quiet color= profile= region= endpoint-url= h/help V/version
end

function __fish_pixelshift_aws_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_pixelshift_aws_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_pixelshift_aws_using_subcommand
    set -l cmd (__fish_pixelshift_aws_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "setup" -d 'The whole job, step by step: user → key → policy → attach → verify (asks, or takes flags)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "create-user" -d 'Create the IAM user (programmatic access only) and its access key, stored in the OS keyring'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "make-policy" -d 'Print the least-privilege policy for the chosen buckets, or it and the user as CloudFormation or Terraform (offline)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "attach-policy" -d 'Put the policy on the user, inline or managed (shows a diff before replacing one)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "verify" -d 'Prove, with the user\'s own key, that Pixelshift can list, read, write and delete in every bucket'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "status" -d 'Is the setup still healthy? The user, its keys, every policy reaching it, and what needs doing'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "list" -d 'Every user in the account that pixelshift-aws manages'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "rotate-keys" -d 'Replace the user\'s access key without downtime: a new key now, the old one retired with --finish'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "teardown" -d 'Remove everything pixelshift-aws set up for a user: keys, policies, the user, the stored pairs'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "keys" -d 'Show, copy or delete the access key pair stored in the keyring'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l user-name -d 'IAM user name for Pixelshift [default: iam_pixelshift]' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l policy-name -d 'Name of the policy on the user [default: pixelshift_access]' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l bucket -d 'Bucket to grant (repeatable, or comma-separated); `name-*` grants every bucket starting `name-`' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l access -d 'What the user may do in the buckets [default: read-write]' -r -f -a "read-write\t'Read, write and delete objects; list the bucket'
read-only\t'Read objects and list the bucket'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l prefix -d 'Limit object access (and listing) to keys starting with this prefix, e.g. `pixelshift/`' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l kms-key -d 'A customer-managed KMS key (ARN) the buckets encrypt with: the policy may then use it, through S3 only (repeatable). setup and attach-policy find a bucket\'s key themselves' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l policy-type -d 'Inline policy, or customer-managed policies [default: what the user has, else inline]' -r -f -a "inline\t'One inline policy (IAM: 2,048 characters for all of a user\'s inline policies)'
managed\t'Customer-managed policies under /pixelshift-aws/ (6,144 characters each, split when longer)'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l tag -d 'Extra tag for the user (repeatable); `managed-by=pixelshift-aws` is always set' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l permissions-boundary -d 'Managed policy ARN to set as the user\'s permissions boundary when it is created' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l keyring -d 'Keyring to use; `auto` takes the first that works on this machine' -r -f -a "auto\t'Secret Service on Linux (then keyutils), Keychain on macOS, Credential Manager on Windows'
secret-service\t'Linux desktop keyring over D-Bus (GNOME Keyring, KWallet)'
keyutils\t'Linux kernel keyring: for headless servers; does not survive a reboot'
keychain\t'macOS Keychain'
windows-credential-manager\t'Windows Credential Manager'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l keys-file -d 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l wait -d 'Seconds verify keeps retrying while the new key and policy propagate through IAM' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l format -d 'With --dry-run: print the plan, or the same user and policy as a CloudFormation or Terraform template' -r -f -a "json\t'JSON: make-policy prints the policy document(s), setup --dry-run the plan'
cloudformation\t'A CloudFormation template (YAML): the user and its policy, no access key'
terraform\t'Terraform configuration: the user and its policy, no access key'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l profiles -d 'Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l ou -d 'With --org: only the accounts of this organizational unit and the units under it' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l accounts -d 'With --org: only these accounts (comma-separated account ids)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l role-name -d 'With --org: the role assumed in each account (it exists in accounts the Organization created)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l external-id -d 'With --org: the external id the role\'s trust policy requires' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l accounts-file -d 'With several accounts: each account\'s buckets, access and prefix (TOML: `[prod]` or `["123456789012"]`, then `buckets = ["photos"]` or `all-buckets = true`); alone, its profiles are the accounts' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l all-buckets -d 'Grant every bucket in the account, including future ones (not recommended)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l adopt -d 'Take over an existing user that this tool did not create (tags it managed-by=pixelshift-aws)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l show-secret -d 'Also print the secret access key (it is always in the keyring or key file)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l no-verify -d 'Skip the final verify step'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l probe-locked -d 'Let verify write a probe into buckets with an Object Lock default retention too (it then stays until the retention ends); without it, write and delete are not tested there'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l dry-run -d 'Read the current state and print the plan (each AWS call, and the policy); change nothing'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l rollback-on-failure -d 'If a step fails, remove what this run created instead of leaving it for a resume'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l org -d 'Run in every active account of your AWS Organization (from its management or a delegated administrator account), each through --role-name'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand setup" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l user-name -d 'IAM user name for Pixelshift [default: iam_pixelshift]' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l tag -d 'Extra tag for the user (repeatable); `managed-by=pixelshift-aws` is always set' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l permissions-boundary -d 'Managed policy ARN to set as the user\'s permissions boundary when it is created' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l keyring -d 'Keyring to use; `auto` takes the first that works on this machine' -r -f -a "auto\t'Secret Service on Linux (then keyutils), Keychain on macOS, Credential Manager on Windows'
secret-service\t'Linux desktop keyring over D-Bus (GNOME Keyring, KWallet)'
keyutils\t'Linux kernel keyring: for headless servers; does not survive a reboot'
keychain\t'macOS Keychain'
windows-credential-manager\t'Windows Credential Manager'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l keys-file -d 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l profiles -d 'Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l ou -d 'With --org: only the accounts of this organizational unit and the units under it' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l accounts -d 'With --org: only these accounts (comma-separated account ids)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l role-name -d 'With --org: the role assumed in each account (it exists in accounts the Organization created)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l external-id -d 'With --org: the external id the role\'s trust policy requires' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l adopt -d 'Take over an existing user that this tool did not create (tags it managed-by=pixelshift-aws)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l show-secret -d 'Also print the secret access key (it is always in the keyring or key file)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l dry-run -d 'Read the current state and print the plan (each AWS call and where the key would go); change nothing'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l org -d 'Run in every active account of your AWS Organization (from its management or a delegated administrator account), each through --role-name'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand create-user" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l bucket -d 'Bucket to grant (repeatable, or comma-separated); `name-*` grants every bucket starting `name-`' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l access -d 'What the user may do in the buckets [default: read-write]' -r -f -a "read-write\t'Read, write and delete objects; list the bucket'
read-only\t'Read objects and list the bucket'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l prefix -d 'Limit object access (and listing) to keys starting with this prefix, e.g. `pixelshift/`' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l kms-key -d 'A customer-managed KMS key (ARN) the buckets encrypt with: the policy may then use it, through S3 only (repeatable). setup and attach-policy find a bucket\'s key themselves' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l partition -d 'AWS partition for the ARNs (commands that call AWS take it from your identity)' -r -f -a "aws\t''
aws-cn\t''
aws-us-gov\t''
aws-iso\t''
aws-iso-b\t''
aws-iso-e\t''
aws-iso-f\t''
aws-eusc\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l policy-type -d 'Inline policy, or customer-managed policies (for more buckets than 2,048 characters hold)' -r -f -a "inline\t'One inline policy (IAM: 2,048 characters for all of a user\'s inline policies)'
managed\t'Customer-managed policies under /pixelshift-aws/ (6,144 characters each, split when longer)'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l format -d 'The policy JSON, or the user and its policy as a CloudFormation or Terraform template' -r -f -a "json\t'JSON: make-policy prints the policy document(s), setup --dry-run the plan'
cloudformation\t'A CloudFormation template (YAML): the user and its policy, no access key'
terraform\t'Terraform configuration: the user and its policy, no access key'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l user-name -d 'The user the policy is for: names a managed policy, and a template\'s default user name' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l policy-name -d 'Name of the policy (a managed policy is named `<policy>.<user>`)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l tag -d 'Templates: extra tag for the user (repeatable); `managed-by=pixelshift-aws` is always set' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l permissions-boundary -d 'Templates: the permissions boundary\'s default (a managed policy ARN)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -s o -l out -d 'Write the output to FILE instead of stdout (`-` for stdout)' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l all-buckets -d 'Grant every bucket in the account, including future ones (not recommended)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l user-name -d 'IAM user name for Pixelshift [default: iam_pixelshift]' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l policy-name -d 'Name of the policy on the user' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l bucket -d 'Bucket to grant (repeatable, or comma-separated); `name-*` grants every bucket starting `name-`' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l access -d 'What the user may do in the buckets [default: read-write]' -r -f -a "read-write\t'Read, write and delete objects; list the bucket'
read-only\t'Read objects and list the bucket'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l prefix -d 'Limit object access (and listing) to keys starting with this prefix, e.g. `pixelshift/`' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l kms-key -d 'A customer-managed KMS key (ARN) the buckets encrypt with: the policy may then use it, through S3 only (repeatable). setup and attach-policy find a bucket\'s key themselves' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l policy-type -d 'Inline policy, or customer-managed policies [default: what the user has, else inline]' -r -f -a "inline\t'One inline policy (IAM: 2,048 characters for all of a user\'s inline policies)'
managed\t'Customer-managed policies under /pixelshift-aws/ (6,144 characters each, split when longer)'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l policy-file -d 'Attach this policy document instead of building one (`-` reads stdin)' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l all-buckets -d 'Grant every bucket in the account, including future ones (not recommended)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l adopt -d 'Allow changing a user that this tool did not create (tags it managed-by=pixelshift-aws)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l dry-run -d 'Read the current state and print the plan (each AWS call, and the policy diff); change nothing'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand attach-policy" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l user-name -d 'IAM user name for Pixelshift [default: iam_pixelshift]' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l policy-name -d 'Policy to take the buckets, access and prefix from when --bucket is not given (inline, or managed)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l bucket -d 'Bucket to check (repeatable, or comma-separated); default: the buckets the user\'s policy grants' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l access -d 'Access to expect; with read-only, denied writes and deletes pass (default: the policy\'s)' -r -f -a "read-write\t'Read, write and delete objects; list the bucket'
read-only\t'Read objects and list the bucket'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l prefix -d 'Probe under this key prefix (default: the policy\'s)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l max-buckets -d 'For an all-buckets or `name-*` policy, check at most this many of the matching buckets' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l wait -d 'Seconds to keep retrying while a new key or policy propagates through IAM' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l keyring -d 'Keyring to use; `auto` takes the first that works on this machine' -r -f -a "auto\t'Secret Service on Linux (then keyutils), Keychain on macOS, Credential Manager on Windows'
secret-service\t'Linux desktop keyring over D-Bus (GNOME Keyring, KWallet)'
keyutils\t'Linux kernel keyring: for headless servers; does not survive a reboot'
keychain\t'macOS Keychain'
windows-credential-manager\t'Windows Credential Manager'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l keys-file -d 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l account-id -d 'AWS account id of the user, to find its key in the keyring (default: your credentials\' account)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l profiles -d 'Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l ou -d 'With --org: only the accounts of this organizational unit and the units under it' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l accounts -d 'With --org: only these accounts (comma-separated account ids)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l role-name -d 'With --org: the role assumed in each account (it exists in accounts the Organization created)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l external-id -d 'With --org: the external id the role\'s trust policy requires' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l probe-locked -d 'Also write a probe into buckets with an Object Lock default retention (it then stays until the retention ends); without it, write and delete are not tested there'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l keys-from-env -d 'Take the user\'s key pair from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l org -d 'Run in every active account of your AWS Organization (from its management or a delegated administrator account), each through --role-name'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand verify" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l user-name -d 'IAM user name for Pixelshift [default: iam_pixelshift]' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l policy-name -d 'The policy pixelshift-aws manages on the user (inline, or managed `<policy>.<user>`)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l max-key-age -d 'A key older than this many days is a finding' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l keyring -d 'Keyring to use; `auto` takes the first that works on this machine' -r -f -a "auto\t'Secret Service on Linux (then keyutils), Keychain on macOS, Credential Manager on Windows'
secret-service\t'Linux desktop keyring over D-Bus (GNOME Keyring, KWallet)'
keyutils\t'Linux kernel keyring: for headless servers; does not survive a reboot'
keychain\t'macOS Keychain'
windows-credential-manager\t'Windows Credential Manager'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l keys-file -d 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l profiles -d 'Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l ou -d 'With --org: only the accounts of this organizational unit and the units under it' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l accounts -d 'With --org: only these accounts (comma-separated account ids)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l role-name -d 'With --org: the role assumed in each account (it exists in accounts the Organization created)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l external-id -d 'With --org: the external id the role\'s trust policy requires' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l org -d 'Run in every active account of your AWS Organization (from its management or a delegated administrator account), each through --role-name'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand status" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l policy-name -d 'The policy whose buckets are shown (inline, or managed `<policy>.<user>`)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l keyring -d 'Keyring to look for stored keys in' -r -f -a "auto\t'Secret Service on Linux (then keyutils), Keychain on macOS, Credential Manager on Windows'
secret-service\t'Linux desktop keyring over D-Bus (GNOME Keyring, KWallet)'
keyutils\t'Linux kernel keyring: for headless servers; does not survive a reboot'
keychain\t'macOS Keychain'
windows-credential-manager\t'Windows Credential Manager'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l profiles -d 'Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l ou -d 'With --org: only the accounts of this organizational unit and the units under it' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l accounts -d 'With --org: only these accounts (comma-separated account ids)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l role-name -d 'With --org: the role assumed in each account (it exists in accounts the Organization created)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l external-id -d 'With --org: the external id the role\'s trust policy requires' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l scan-all -d 'Read every IAM user\'s tags to find this tool\'s users, not only those under the path /pixelshift-aws/ (users made before 0.2, or moved by hand; setup moves them there)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l org -d 'Run in every active account of your AWS Organization (from its management or a delegated administrator account), each through --role-name'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand list" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l user-name -d 'IAM user name for Pixelshift [default: iam_pixelshift]' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l policy-name -d 'The policy whose buckets prove the new key (inline, or managed `<policy>.<user>`)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l wait -d 'Seconds verify keeps retrying while the new key propagates through IAM' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l keyring -d 'Keyring to use; `auto` takes the first that works on this machine' -r -f -a "auto\t'Secret Service on Linux (then keyutils), Keychain on macOS, Credential Manager on Windows'
secret-service\t'Linux desktop keyring over D-Bus (GNOME Keyring, KWallet)'
keyutils\t'Linux kernel keyring: for headless servers; does not survive a reboot'
keychain\t'macOS Keychain'
windows-credential-manager\t'Windows Credential Manager'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l keys-file -d 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l profiles -d 'Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l ou -d 'With --org: only the accounts of this organizational unit and the units under it' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l accounts -d 'With --org: only these accounts (comma-separated account ids)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l role-name -d 'With --org: the role assumed in each account (it exists in accounts the Organization created)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l external-id -d 'With --org: the external id the role\'s trust policy requires' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l finish -d 'Phase two: retire the old key once the Pixelshift dashboard uses the new one'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l force -d 'With --finish: retire the old key even though nothing shows yet that Pixelshift uses the new one'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l keep-old -d 'With --finish: deactivate the old key but keep it (inactive) instead of deleting it'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l no-verify -d 'Do not prove the new key before keeping it'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l dry-run -d 'Print the plan; change nothing'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l show-secret -d 'Also print the new secret access key'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l org -d 'Run in every active account of your AWS Organization (from its management or a delegated administrator account), each through --role-name'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand rotate-keys" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l user-name -d 'IAM user name for Pixelshift [default: iam_pixelshift]' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l keyring -d 'Keyring to use; `auto` takes the first that works on this machine' -r -f -a "auto\t'Secret Service on Linux (then keyutils), Keychain on macOS, Credential Manager on Windows'
secret-service\t'Linux desktop keyring over D-Bus (GNOME Keyring, KWallet)'
keyutils\t'Linux kernel keyring: for headless servers; does not survive a reboot'
keychain\t'macOS Keychain'
windows-credential-manager\t'Windows Credential Manager'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l keys-file -d 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l profiles -d 'Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l ou -d 'With --org: only the accounts of this organizational unit and the units under it' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l accounts -d 'With --org: only these accounts (comma-separated account ids)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l role-name -d 'With --org: the role assumed in each account (it exists in accounts the Organization created)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l external-id -d 'With --org: the external id the role\'s trust policy requires' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l dry-run -d 'Print what would be removed; change nothing'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l all -d 'On a user adopted with `setup --adopt`, also remove what it had before (its own keys, policies, groups, console password) and the user itself'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l org -d 'Run in every active account of your AWS Organization (from its management or a delegated administrator account), each through --role-name'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand teardown" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -s h -l help -d 'Print help'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -f -a "show" -d 'Print the stored key, for Pixelshift\'s dashboard (the secret with --reveal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -f -a "copy" -d 'Copy the stored pair to the clipboard for the dashboard, and clear the secret after a while'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -f -a "delete" -d 'Remove the stored pair from the keyring (the key itself stays active in IAM)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -f -a "credential-process" -d 'Print the stored pair as credential_process JSON, for AWS CLI and SDK profiles'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -f -a "configure-profile" -d 'Write an AWS CLI/SDK profile whose credential_process reads the stored key'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -f -a "export" -d 'Print the pair as shell exports, dotenv or JSON, for a secrets manager or CI'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and not __fish_seen_subcommand_from show copy delete credential-process configure-profile export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -l user-name -d 'IAM user name for Pixelshift [default: iam_pixelshift]' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -l account-id -d 'AWS account id of the user (default: the account of your AWS credentials)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -l keyring -d 'Keyring to use; `auto` takes the first that works on this machine' -r -f -a "auto\t'Secret Service on Linux (then keyutils), Keychain on macOS, Credential Manager on Windows'
secret-service\t'Linux desktop keyring over D-Bus (GNOME Keyring, KWallet)'
keyutils\t'Linux kernel keyring: for headless servers; does not survive a reboot'
keychain\t'macOS Keychain'
windows-credential-manager\t'Windows Credential Manager'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -l keys-file -d 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -l reveal -d 'Also print the secret access key'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -l user-name -d 'IAM user name for Pixelshift [default: iam_pixelshift]' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -l account-id -d 'AWS account id of the user (default: the account of your AWS credentials)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -l keyring -d 'Keyring to use; `auto` takes the first that works on this machine' -r -f -a "auto\t'Secret Service on Linux (then keyutils), Keychain on macOS, Credential Manager on Windows'
secret-service\t'Linux desktop keyring over D-Bus (GNOME Keyring, KWallet)'
keyutils\t'Linux kernel keyring: for headless servers; does not survive a reboot'
keychain\t'macOS Keychain'
windows-credential-manager\t'Windows Credential Manager'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -l keys-file -d 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -l field -d 'Copy just this one, without asking (for scripts)' -r -f -a "id\t'The access key id'
secret\t'The secret access key'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -l clear-after -d 'Clear the secret from the clipboard after this many seconds, if it still holds it (0: never)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -l osc52 -d 'Use the terminal\'s clipboard (OSC 52) even where a desktop clipboard exists'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from copy" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from delete" -l user-name -d 'IAM user name for Pixelshift [default: iam_pixelshift]' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from delete" -l account-id -d 'AWS account id of the user (default: the account of your AWS credentials)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from delete" -l keyring -d 'Keyring to delete from' -r -f -a "auto\t'Secret Service on Linux (then keyutils), Keychain on macOS, Credential Manager on Windows'
secret-service\t'Linux desktop keyring over D-Bus (GNOME Keyring, KWallet)'
keyutils\t'Linux kernel keyring: for headless servers; does not survive a reboot'
keychain\t'macOS Keychain'
windows-credential-manager\t'Windows Credential Manager'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from delete" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from delete" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from delete" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from delete" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from delete" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -l user-name -d 'IAM user name for Pixelshift [default: iam_pixelshift]' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -l account-id -d 'AWS account id of the user; with it, no AWS credentials are needed (default: your credentials\' account)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -l keyring -d 'Keyring to use; `auto` takes the first that works on this machine' -r -f -a "auto\t'Secret Service on Linux (then keyutils), Keychain on macOS, Credential Manager on Windows'
secret-service\t'Linux desktop keyring over D-Bus (GNOME Keyring, KWallet)'
keyutils\t'Linux kernel keyring: for headless servers; does not survive a reboot'
keychain\t'macOS Keychain'
windows-credential-manager\t'Windows Credential Manager'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -l keys-file -d 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -l reveal -d 'Print even when stdout is a terminal (the AWS CLI reads it through a pipe)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from credential-process" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -l profile-name -d 'Name of the profile to write (`default` writes the [default] section)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -l user-name -d 'IAM user name for Pixelshift [default: iam_pixelshift]' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -l account-id -d 'AWS account id of the user (default: the account of your AWS credentials)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -l keyring -d 'Keyring to use; `auto` takes the first that works on this machine' -r -f -a "auto\t'Secret Service on Linux (then keyutils), Keychain on macOS, Credential Manager on Windows'
secret-service\t'Linux desktop keyring over D-Bus (GNOME Keyring, KWallet)'
keyutils\t'Linux kernel keyring: for headless servers; does not survive a reboot'
keychain\t'macOS Keychain'
windows-credential-manager\t'Windows Credential Manager'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -l keys-file -d 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -l dry-run -d 'Show the section that would be written and where; change nothing'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from configure-profile" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -l user-name -d 'IAM user name for Pixelshift [default: iam_pixelshift]' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -l account-id -d 'AWS account id of the user (default: the account of your AWS credentials)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -l keyring -d 'Keyring to use; `auto` takes the first that works on this machine' -r -f -a "auto\t'Secret Service on Linux (then keyutils), Keychain on macOS, Credential Manager on Windows'
secret-service\t'Linux desktop keyring over D-Bus (GNOME Keyring, KWallet)'
keyutils\t'Linux kernel keyring: for headless servers; does not survive a reboot'
keychain\t'macOS Keychain'
windows-credential-manager\t'Windows Credential Manager'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -l keys-file -d 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -l format -d 'Shape of the output [default: env, or json with --output json]' -r -f -a "env\t'export AWS_ACCESS_KEY_ID=... lines for a POSIX shell (eval, source)'
dotenv\t'AWS_ACCESS_KEY_ID=... lines (docker --env-file, dotenv, CI secret stores)'
json\t'{"AccessKeyId":...,"SecretAccessKey":...} on one line'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -l reveal -d 'Print even when stdout is a terminal'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the stored key, for Pixelshift\'s dashboard (the secret with --reveal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "copy" -d 'Copy the stored pair to the clipboard for the dashboard, and clear the secret after a while'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Remove the stored pair from the keyring (the key itself stays active in IAM)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "credential-process" -d 'Print the stored pair as credential_process JSON, for AWS CLI and SDK profiles'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "configure-profile" -d 'Write an AWS CLI/SDK profile whose credential_process reads the stored key'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print the pair as shell exports, dotenv or JSON, for a secrets manager or CI'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -s h -l help -d 'Print help'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from setup create-user make-policy attach-policy verify status list rotate-keys teardown keys completions help" -f -a "setup" -d 'The whole job, step by step: user → key → policy → attach → verify (asks, or takes flags)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from setup create-user make-policy attach-policy verify status list rotate-keys teardown keys completions help" -f -a "create-user" -d 'Create the IAM user (programmatic access only) and its access key, stored in the OS keyring'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from setup create-user make-policy attach-policy verify status list rotate-keys teardown keys completions help" -f -a "make-policy" -d 'Print the least-privilege policy for the chosen buckets, or it and the user as CloudFormation or Terraform (offline)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from setup create-user make-policy attach-policy verify status list rotate-keys teardown keys completions help" -f -a "attach-policy" -d 'Put the policy on the user, inline or managed (shows a diff before replacing one)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from setup create-user make-policy attach-policy verify status list rotate-keys teardown keys completions help" -f -a "verify" -d 'Prove, with the user\'s own key, that Pixelshift can list, read, write and delete in every bucket'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from setup create-user make-policy attach-policy verify status list rotate-keys teardown keys completions help" -f -a "status" -d 'Is the setup still healthy? The user, its keys, every policy reaching it, and what needs doing'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from setup create-user make-policy attach-policy verify status list rotate-keys teardown keys completions help" -f -a "list" -d 'Every user in the account that pixelshift-aws manages'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from setup create-user make-policy attach-policy verify status list rotate-keys teardown keys completions help" -f -a "rotate-keys" -d 'Replace the user\'s access key without downtime: a new key now, the old one retired with --finish'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from setup create-user make-policy attach-policy verify status list rotate-keys teardown keys completions help" -f -a "teardown" -d 'Remove everything pixelshift-aws set up for a user: keys, policies, the user, the stored pairs'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from setup create-user make-policy attach-policy verify status list rotate-keys teardown keys completions help" -f -a "keys" -d 'Show, copy or delete the access key pair stored in the keyring'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from setup create-user make-policy attach-policy verify status list rotate-keys teardown keys completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from setup create-user make-policy attach-policy verify status list rotate-keys teardown keys completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "show" -d 'Print the stored key, for Pixelshift\'s dashboard (the secret with --reveal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "copy" -d 'Copy the stored pair to the clipboard for the dashboard, and clear the secret after a while'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "delete" -d 'Remove the stored pair from the keyring (the key itself stays active in IAM)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "credential-process" -d 'Print the stored pair as credential_process JSON, for AWS CLI and SDK profiles'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "configure-profile" -d 'Write an AWS CLI/SDK profile whose credential_process reads the stored key'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "export" -d 'Print the pair as shell exports, dotenv or JSON, for a secrets manager or CI'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -f -a "bash elvish fish powershell zsh"
