
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
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (`NO_COLOR` is honoured)'
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
            cand make-policy 'Print the least-privilege inline policy for the chosen buckets (offline, no credentials)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pixelshift-aws;make-policy'= {
            cand --bucket 'Bucket to grant (repeatable, or comma-separated); `name-*` grants every bucket starting `name-`'
            cand --access 'What the user may do in the buckets'
            cand --prefix 'Limit object access (and listing) to keys starting with this prefix, e.g. `pixelshift/`'
            cand --partition 'AWS partition for the ARNs (commands that call AWS take it from your identity)'
            cand -o 'Write the document to FILE instead of stdout (`-` for stdout)'
            cand --out 'Write the document to FILE instead of stdout (`-` for stdout)'
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (`NO_COLOR` is honoured)'
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
        &'pixelshift-aws;completions'= {
            cand --profile 'AWS profile for the admin credentials that make the changes'
            cand --region 'AWS region for API calls (IAM is global; buckets are found in their own regions)'
            cand --endpoint-url 'Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)'
            cand --output 'Result format on stdout: text for people, json (one document) for scripts'
            cand --color 'When to use colour (`NO_COLOR` is honoured)'
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
            cand make-policy 'Print the least-privilege inline policy for the chosen buckets (offline, no credentials)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pixelshift-aws;help;make-policy'= {
        }
        &'pixelshift-aws;help;completions'= {
        }
        &'pixelshift-aws;help;help'= {
        }
    ]
    $completions[$command]
}
