
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'pixelshift-aws' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'pixelshift-aws'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'pixelshift-aws' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'The whole job, step by step: user → key → policy → attach → verify (asks, or takes flags)')
            [CompletionResult]::new('create-user', 'create-user', [CompletionResultType]::ParameterValue, 'Create the IAM user (programmatic access only) and its access key, stored in the OS keyring')
            [CompletionResult]::new('make-policy', 'make-policy', [CompletionResultType]::ParameterValue, 'Print the least-privilege policy for the chosen buckets, or it and the user as CloudFormation or Terraform (offline)')
            [CompletionResult]::new('attach-policy', 'attach-policy', [CompletionResultType]::ParameterValue, 'Put the policy on the user, inline or managed (shows a diff before replacing one)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Prove, with the user''s own key, that Pixelshift can list, read, write and delete in every bucket')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Is the setup still healthy? The user, its keys, every policy reaching it, and what needs doing')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every user in the account that pixelshift-aws manages')
            [CompletionResult]::new('rotate-keys', 'rotate-keys', [CompletionResultType]::ParameterValue, 'Replace the user''s access key without downtime: a new key now, the old one retired with --finish')
            [CompletionResult]::new('teardown', 'teardown', [CompletionResultType]::ParameterValue, 'Remove everything pixelshift-aws set up for a user: keys, policies, the user, the stored pairs')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Show, copy or delete the access key pair stored in the keyring')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pixelshift-aws;setup' {
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'IAM user name for Pixelshift [default: iam_pixelshift]')
            [CompletionResult]::new('--policy-name', '--policy-name', [CompletionResultType]::ParameterName, 'Name of the policy on the user [default: pixelshift_access]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Bucket to grant (repeatable, or comma-separated); `name-*` grants every bucket starting `name-`')
            [CompletionResult]::new('--access', '--access', [CompletionResultType]::ParameterName, 'What the user may do in the buckets [default: read-write]')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Limit object access (and listing) to keys starting with this prefix, e.g. `pixelshift/`')
            [CompletionResult]::new('--kms-key', '--kms-key', [CompletionResultType]::ParameterName, 'A customer-managed KMS key (ARN) the buckets encrypt with: the policy may then use it, through S3 only (repeatable). setup and attach-policy find a bucket''s key themselves')
            [CompletionResult]::new('--policy-type', '--policy-type', [CompletionResultType]::ParameterName, 'Inline policy, or customer-managed policies [default: what the user has, else inline]')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Extra tag for the user (repeatable); `managed-by=pixelshift-aws` is always set')
            [CompletionResult]::new('--permissions-boundary', '--permissions-boundary', [CompletionResultType]::ParameterName, 'Managed policy ARN to set as the user''s permissions boundary when it is created')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Keyring to use; `auto` takes the first that works on this machine')
            [CompletionResult]::new('--keys-file', '--keys-file', [CompletionResultType]::ParameterName, 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Seconds verify keeps retrying while the new key and policy propagate through IAM')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'With --dry-run: print the plan, or the same user and policy as a CloudFormation or Terraform template')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units under it')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'With --org: only these accounts (comma-separated account ids)')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'With --org: the role assumed in each account (it exists in accounts the Organization created)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'With --org: the external id the role''s trust policy requires')
            [CompletionResult]::new('--accounts-file', '--accounts-file', [CompletionResultType]::ParameterName, 'With several accounts: each account''s buckets, access and prefix (TOML: `[prod]` or `["123456789012"]`, then `buckets = ["photos"]` or `all-buckets = true`); alone, its profiles are the accounts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--all-buckets', '--all-buckets', [CompletionResultType]::ParameterName, 'Grant every bucket in the account, including future ones (not recommended)')
            [CompletionResult]::new('--adopt', '--adopt', [CompletionResultType]::ParameterName, 'Take over an existing user that this tool did not create (tags it managed-by=pixelshift-aws)')
            [CompletionResult]::new('--show-secret', '--show-secret', [CompletionResultType]::ParameterName, 'Also print the secret access key (it is always in the keyring or key file)')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Skip the final verify step')
            [CompletionResult]::new('--probe-locked', '--probe-locked', [CompletionResultType]::ParameterName, 'Let verify write a probe into buckets with an Object Lock default retention too (it then stays until the retention ends); without it, write and delete are not tested there')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Read the current state and print the plan (each AWS call, and the policy); change nothing')
            [CompletionResult]::new('--rollback-on-failure', '--rollback-on-failure', [CompletionResultType]::ParameterName, 'If a step fails, remove what this run created instead of leaving it for a resume')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Run in every active account of your AWS Organization (from its management or a delegated administrator account), each through --role-name')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;create-user' {
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'IAM user name for Pixelshift [default: iam_pixelshift]')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Extra tag for the user (repeatable); `managed-by=pixelshift-aws` is always set')
            [CompletionResult]::new('--permissions-boundary', '--permissions-boundary', [CompletionResultType]::ParameterName, 'Managed policy ARN to set as the user''s permissions boundary when it is created')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Keyring to use; `auto` takes the first that works on this machine')
            [CompletionResult]::new('--keys-file', '--keys-file', [CompletionResultType]::ParameterName, 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units under it')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'With --org: only these accounts (comma-separated account ids)')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'With --org: the role assumed in each account (it exists in accounts the Organization created)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'With --org: the external id the role''s trust policy requires')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--adopt', '--adopt', [CompletionResultType]::ParameterName, 'Take over an existing user that this tool did not create (tags it managed-by=pixelshift-aws)')
            [CompletionResult]::new('--show-secret', '--show-secret', [CompletionResultType]::ParameterName, 'Also print the secret access key (it is always in the keyring or key file)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Read the current state and print the plan (each AWS call and where the key would go); change nothing')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Run in every active account of your AWS Organization (from its management or a delegated administrator account), each through --role-name')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;make-policy' {
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Bucket to grant (repeatable, or comma-separated); `name-*` grants every bucket starting `name-`')
            [CompletionResult]::new('--access', '--access', [CompletionResultType]::ParameterName, 'What the user may do in the buckets [default: read-write]')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Limit object access (and listing) to keys starting with this prefix, e.g. `pixelshift/`')
            [CompletionResult]::new('--kms-key', '--kms-key', [CompletionResultType]::ParameterName, 'A customer-managed KMS key (ARN) the buckets encrypt with: the policy may then use it, through S3 only (repeatable). setup and attach-policy find a bucket''s key themselves')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'AWS partition for the ARNs (commands that call AWS take it from your identity)')
            [CompletionResult]::new('--policy-type', '--policy-type', [CompletionResultType]::ParameterName, 'Inline policy, or customer-managed policies (for more buckets than 2,048 characters hold)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The policy JSON, or the user and its policy as a CloudFormation or Terraform template')
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'The user the policy is for: names a managed policy, and a template''s default user name')
            [CompletionResult]::new('--policy-name', '--policy-name', [CompletionResultType]::ParameterName, 'Name of the policy (a managed policy is named `<policy>.<user>`)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Templates: extra tag for the user (repeatable); `managed-by=pixelshift-aws` is always set')
            [CompletionResult]::new('--permissions-boundary', '--permissions-boundary', [CompletionResultType]::ParameterName, 'Templates: the permissions boundary''s default (a managed policy ARN)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (`-` for stdout)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (`-` for stdout)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--all-buckets', '--all-buckets', [CompletionResultType]::ParameterName, 'Grant every bucket in the account, including future ones (not recommended)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;attach-policy' {
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'IAM user name for Pixelshift [default: iam_pixelshift]')
            [CompletionResult]::new('--policy-name', '--policy-name', [CompletionResultType]::ParameterName, 'Name of the policy on the user')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Bucket to grant (repeatable, or comma-separated); `name-*` grants every bucket starting `name-`')
            [CompletionResult]::new('--access', '--access', [CompletionResultType]::ParameterName, 'What the user may do in the buckets [default: read-write]')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Limit object access (and listing) to keys starting with this prefix, e.g. `pixelshift/`')
            [CompletionResult]::new('--kms-key', '--kms-key', [CompletionResultType]::ParameterName, 'A customer-managed KMS key (ARN) the buckets encrypt with: the policy may then use it, through S3 only (repeatable). setup and attach-policy find a bucket''s key themselves')
            [CompletionResult]::new('--policy-type', '--policy-type', [CompletionResultType]::ParameterName, 'Inline policy, or customer-managed policies [default: what the user has, else inline]')
            [CompletionResult]::new('--policy-file', '--policy-file', [CompletionResultType]::ParameterName, 'Attach this policy document instead of building one (`-` reads stdin)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--all-buckets', '--all-buckets', [CompletionResultType]::ParameterName, 'Grant every bucket in the account, including future ones (not recommended)')
            [CompletionResult]::new('--adopt', '--adopt', [CompletionResultType]::ParameterName, 'Allow changing a user that this tool did not create (tags it managed-by=pixelshift-aws)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Read the current state and print the plan (each AWS call, and the policy diff); change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;verify' {
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'IAM user name for Pixelshift [default: iam_pixelshift]')
            [CompletionResult]::new('--policy-name', '--policy-name', [CompletionResultType]::ParameterName, 'Policy to take the buckets, access and prefix from when --bucket is not given (inline, or managed)')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Bucket to check (repeatable, or comma-separated); default: the buckets the user''s policy grants')
            [CompletionResult]::new('--access', '--access', [CompletionResultType]::ParameterName, 'Access to expect; with read-only, denied writes and deletes pass (default: the policy''s)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Probe under this key prefix (default: the policy''s)')
            [CompletionResult]::new('--max-buckets', '--max-buckets', [CompletionResultType]::ParameterName, 'For an all-buckets or `name-*` policy, check at most this many of the matching buckets')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Seconds to keep retrying while a new key or policy propagates through IAM')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Keyring to use; `auto` takes the first that works on this machine')
            [CompletionResult]::new('--keys-file', '--keys-file', [CompletionResultType]::ParameterName, 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'AWS account id of the user, to find its key in the keyring (default: your credentials'' account)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units under it')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'With --org: only these accounts (comma-separated account ids)')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'With --org: the role assumed in each account (it exists in accounts the Organization created)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'With --org: the external id the role''s trust policy requires')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--probe-locked', '--probe-locked', [CompletionResultType]::ParameterName, 'Also write a probe into buckets with an Object Lock default retention (it then stays until the retention ends); without it, write and delete are not tested there')
            [CompletionResult]::new('--keys-from-env', '--keys-from-env', [CompletionResultType]::ParameterName, 'Take the user''s key pair from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Run in every active account of your AWS Organization (from its management or a delegated administrator account), each through --role-name')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;status' {
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'IAM user name for Pixelshift [default: iam_pixelshift]')
            [CompletionResult]::new('--policy-name', '--policy-name', [CompletionResultType]::ParameterName, 'The policy pixelshift-aws manages on the user (inline, or managed `<policy>.<user>`)')
            [CompletionResult]::new('--max-key-age', '--max-key-age', [CompletionResultType]::ParameterName, 'A key older than this many days is a finding')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Keyring to use; `auto` takes the first that works on this machine')
            [CompletionResult]::new('--keys-file', '--keys-file', [CompletionResultType]::ParameterName, 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units under it')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'With --org: only these accounts (comma-separated account ids)')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'With --org: the role assumed in each account (it exists in accounts the Organization created)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'With --org: the external id the role''s trust policy requires')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Run in every active account of your AWS Organization (from its management or a delegated administrator account), each through --role-name')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;list' {
            [CompletionResult]::new('--policy-name', '--policy-name', [CompletionResultType]::ParameterName, 'The policy whose buckets are shown (inline, or managed `<policy>.<user>`)')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Keyring to look for stored keys in')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units under it')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'With --org: only these accounts (comma-separated account ids)')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'With --org: the role assumed in each account (it exists in accounts the Organization created)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'With --org: the external id the role''s trust policy requires')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--scan-all', '--scan-all', [CompletionResultType]::ParameterName, 'Read every IAM user''s tags to find this tool''s users, not only those under the path /pixelshift-aws/ (users made before 0.2, or moved by hand; setup moves them there)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Run in every active account of your AWS Organization (from its management or a delegated administrator account), each through --role-name')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;rotate-keys' {
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'IAM user name for Pixelshift [default: iam_pixelshift]')
            [CompletionResult]::new('--policy-name', '--policy-name', [CompletionResultType]::ParameterName, 'The policy whose buckets prove the new key (inline, or managed `<policy>.<user>`)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Seconds verify keeps retrying while the new key propagates through IAM')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Keyring to use; `auto` takes the first that works on this machine')
            [CompletionResult]::new('--keys-file', '--keys-file', [CompletionResultType]::ParameterName, 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units under it')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'With --org: only these accounts (comma-separated account ids)')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'With --org: the role assumed in each account (it exists in accounts the Organization created)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'With --org: the external id the role''s trust policy requires')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--finish', '--finish', [CompletionResultType]::ParameterName, 'Phase two: retire the old key once the Pixelshift dashboard uses the new one')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --finish: retire the old key even though nothing shows yet that Pixelshift uses the new one')
            [CompletionResult]::new('--keep-old', '--keep-old', [CompletionResultType]::ParameterName, 'With --finish: deactivate the old key but keep it (inactive) instead of deleting it')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Do not prove the new key before keeping it')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan; change nothing')
            [CompletionResult]::new('--show-secret', '--show-secret', [CompletionResultType]::ParameterName, 'Also print the new secret access key')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Run in every active account of your AWS Organization (from its management or a delegated administrator account), each through --role-name')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;teardown' {
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'IAM user name for Pixelshift [default: iam_pixelshift]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Keyring to use; `auto` takes the first that works on this machine')
            [CompletionResult]::new('--keys-file', '--keys-file', [CompletionResultType]::ParameterName, 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units under it')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'With --org: only these accounts (comma-separated account ids)')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'With --org: the role assumed in each account (it exists in accounts the Organization created)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'With --org: the external id the role''s trust policy requires')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be removed; change nothing')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'On a user adopted with `setup --adopt`, also remove what it had before (its own keys, policies, groups, console password) and the user itself')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Run in every active account of your AWS Organization (from its management or a delegated administrator account), each through --role-name')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;keys' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the stored key, for Pixelshift''s dashboard (the secret with --reveal)')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the stored pair to the clipboard for the dashboard, and clear the secret after a while')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove the stored pair from the keyring (the key itself stays active in IAM)')
            [CompletionResult]::new('credential-process', 'credential-process', [CompletionResultType]::ParameterValue, 'Print the stored pair as credential_process JSON, for AWS CLI and SDK profiles')
            [CompletionResult]::new('configure-profile', 'configure-profile', [CompletionResultType]::ParameterValue, 'Write an AWS CLI/SDK profile whose credential_process reads the stored key')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the pair as shell exports, dotenv or JSON, for a secrets manager or CI')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pixelshift-aws;keys;show' {
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'IAM user name for Pixelshift [default: iam_pixelshift]')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'AWS account id of the user (default: the account of your AWS credentials)')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Keyring to use; `auto` takes the first that works on this machine')
            [CompletionResult]::new('--keys-file', '--keys-file', [CompletionResultType]::ParameterName, 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Also print the secret access key')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;keys;copy' {
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'IAM user name for Pixelshift [default: iam_pixelshift]')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'AWS account id of the user (default: the account of your AWS credentials)')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Keyring to use; `auto` takes the first that works on this machine')
            [CompletionResult]::new('--keys-file', '--keys-file', [CompletionResultType]::ParameterName, 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Copy just this one, without asking (for scripts)')
            [CompletionResult]::new('--clear-after', '--clear-after', [CompletionResultType]::ParameterName, 'Clear the secret from the clipboard after this many seconds, if it still holds it (0: never)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--osc52', '--osc52', [CompletionResultType]::ParameterName, 'Use the terminal''s clipboard (OSC 52) even where a desktop clipboard exists')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;keys;delete' {
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'IAM user name for Pixelshift [default: iam_pixelshift]')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'AWS account id of the user (default: the account of your AWS credentials)')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Keyring to delete from')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;keys;credential-process' {
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'IAM user name for Pixelshift [default: iam_pixelshift]')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'AWS account id of the user; with it, no AWS credentials are needed (default: your credentials'' account)')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Keyring to use; `auto` takes the first that works on this machine')
            [CompletionResult]::new('--keys-file', '--keys-file', [CompletionResultType]::ParameterName, 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print even when stdout is a terminal (the AWS CLI reads it through a pipe)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;keys;configure-profile' {
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Name of the profile to write (`default` writes the [default] section)')
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'IAM user name for Pixelshift [default: iam_pixelshift]')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'AWS account id of the user (default: the account of your AWS credentials)')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Keyring to use; `auto` takes the first that works on this machine')
            [CompletionResult]::new('--keys-file', '--keys-file', [CompletionResultType]::ParameterName, 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the section that would be written and where; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;keys;export' {
            [CompletionResult]::new('--user-name', '--user-name', [CompletionResultType]::ParameterName, 'IAM user name for Pixelshift [default: iam_pixelshift]')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'AWS account id of the user (default: the account of your AWS credentials)')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Keyring to use; `auto` takes the first that works on this machine')
            [CompletionResult]::new('--keys-file', '--keys-file', [CompletionResultType]::ParameterName, 'A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Shape of the output [default: env, or json with --output json]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile for the admin credentials that make the changes')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region for API calls (IAM is global; buckets are found in their own regions)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print even when stdout is a terminal')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;keys;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the stored key, for Pixelshift''s dashboard (the secret with --reveal)')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the stored pair to the clipboard for the dashboard, and clear the secret after a while')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove the stored pair from the keyring (the key itself stays active in IAM)')
            [CompletionResult]::new('credential-process', 'credential-process', [CompletionResultType]::ParameterValue, 'Print the stored pair as credential_process JSON, for AWS CLI and SDK profiles')
            [CompletionResult]::new('configure-profile', 'configure-profile', [CompletionResultType]::ParameterValue, 'Write an AWS CLI/SDK profile whose credential_process reads the stored key')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the pair as shell exports, dotenv or JSON, for a secrets manager or CI')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pixelshift-aws;keys;help;show' {
            break
        }
        'pixelshift-aws;keys;help;copy' {
            break
        }
        'pixelshift-aws;keys;help;delete' {
            break
        }
        'pixelshift-aws;keys;help;credential-process' {
            break
        }
        'pixelshift-aws;keys;help;configure-profile' {
            break
        }
        'pixelshift-aws;keys;help;export' {
            break
        }
        'pixelshift-aws;keys;help;help' {
            break
        }
        'pixelshift-aws;completions' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Result format on stdout: text for people, json (one document) for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept confirmations (replace a different policy, reuse an existing user, ...)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about each step (repeat for more); secrets are never shown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pixelshift-aws;help' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'The whole job, step by step: user → key → policy → attach → verify (asks, or takes flags)')
            [CompletionResult]::new('create-user', 'create-user', [CompletionResultType]::ParameterValue, 'Create the IAM user (programmatic access only) and its access key, stored in the OS keyring')
            [CompletionResult]::new('make-policy', 'make-policy', [CompletionResultType]::ParameterValue, 'Print the least-privilege policy for the chosen buckets, or it and the user as CloudFormation or Terraform (offline)')
            [CompletionResult]::new('attach-policy', 'attach-policy', [CompletionResultType]::ParameterValue, 'Put the policy on the user, inline or managed (shows a diff before replacing one)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Prove, with the user''s own key, that Pixelshift can list, read, write and delete in every bucket')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Is the setup still healthy? The user, its keys, every policy reaching it, and what needs doing')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every user in the account that pixelshift-aws manages')
            [CompletionResult]::new('rotate-keys', 'rotate-keys', [CompletionResultType]::ParameterValue, 'Replace the user''s access key without downtime: a new key now, the old one retired with --finish')
            [CompletionResult]::new('teardown', 'teardown', [CompletionResultType]::ParameterValue, 'Remove everything pixelshift-aws set up for a user: keys, policies, the user, the stored pairs')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Show, copy or delete the access key pair stored in the keyring')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pixelshift-aws;help;setup' {
            break
        }
        'pixelshift-aws;help;create-user' {
            break
        }
        'pixelshift-aws;help;make-policy' {
            break
        }
        'pixelshift-aws;help;attach-policy' {
            break
        }
        'pixelshift-aws;help;verify' {
            break
        }
        'pixelshift-aws;help;status' {
            break
        }
        'pixelshift-aws;help;list' {
            break
        }
        'pixelshift-aws;help;rotate-keys' {
            break
        }
        'pixelshift-aws;help;teardown' {
            break
        }
        'pixelshift-aws;help;keys' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the stored key, for Pixelshift''s dashboard (the secret with --reveal)')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the stored pair to the clipboard for the dashboard, and clear the secret after a while')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove the stored pair from the keyring (the key itself stays active in IAM)')
            [CompletionResult]::new('credential-process', 'credential-process', [CompletionResultType]::ParameterValue, 'Print the stored pair as credential_process JSON, for AWS CLI and SDK profiles')
            [CompletionResult]::new('configure-profile', 'configure-profile', [CompletionResultType]::ParameterValue, 'Write an AWS CLI/SDK profile whose credential_process reads the stored key')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the pair as shell exports, dotenv or JSON, for a secrets manager or CI')
            break
        }
        'pixelshift-aws;help;keys;show' {
            break
        }
        'pixelshift-aws;help;keys;copy' {
            break
        }
        'pixelshift-aws;help;keys;delete' {
            break
        }
        'pixelshift-aws;help;keys;credential-process' {
            break
        }
        'pixelshift-aws;help;keys;configure-profile' {
            break
        }
        'pixelshift-aws;help;keys;export' {
            break
        }
        'pixelshift-aws;help;completions' {
            break
        }
        'pixelshift-aws;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
