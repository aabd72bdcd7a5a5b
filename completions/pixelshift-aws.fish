# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_pixelshift_aws_global_optspecs
    string join \n profile= region= endpoint-url= output= y/yes non-interactive v/verbose q/quiet color= h/help V/version
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

complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -l color -d 'When to use colour (`NO_COLOR` is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "make-policy" -d 'Print the least-privilege inline policy for the chosen buckets (offline, no credentials)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l bucket -d 'Bucket to grant (repeatable, or comma-separated); `name-*` grants every bucket starting `name-`' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l access -d 'What the user may do in the buckets' -r -f -a "read-write\t'Read, write and delete objects; list the bucket'
read-only\t'Read objects and list the bucket'"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l prefix -d 'Limit object access (and listing) to keys starting with this prefix, e.g. `pixelshift/`' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l partition -d 'AWS partition for the ARNs (commands that call AWS take it from your identity)' -r -f -a "aws\t''
aws-cn\t''
aws-us-gov\t''
aws-iso\t''
aws-iso-b\t''
aws-iso-e\t''
aws-iso-f\t''
aws-eusc\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -s o -l out -d 'Write the document to FILE instead of stdout (`-` for stdout)' -r -F
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l color -d 'When to use colour (`NO_COLOR` is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l all-buckets -d 'Grant every bucket in the account, including future ones (not recommended)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand make-policy" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -l profile -d 'AWS profile for the admin credentials that make the changes' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -l region -d 'AWS region for API calls (IAM is global; buckets are found in their own regions)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -l endpoint-url -d 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)' -r
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -l output -d 'Result format on stdout: text for people, json (one document) for scripts' -r -f -a "text\t''
json\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -l color -d 'When to use colour (`NO_COLOR` is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -s y -l yes -d 'Accept confirmations (replace a different policy, reuse an existing user, ...)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -l non-interactive -d 'Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -s v -l verbose -d 'Say more about each step (repeat for more); secrets are never shown'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -s q -l quiet -d 'Print only results and errors'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -s h -l help -d 'Print help'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand completions" -s V -l version -d 'Print version'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from make-policy completions help" -f -a "make-policy" -d 'Print the least-privilege inline policy for the chosen buckets (offline, no credentials)'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from make-policy completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c pixelshift-aws -n "__fish_pixelshift_aws_using_subcommand help; and not __fish_seen_subcommand_from make-policy completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
