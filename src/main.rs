use std::process::ExitCode;

fn main() -> ExitCode {
    pixelshift_aws::harden();
    pixelshift_aws::run(std::env::args_os()).into()
}
