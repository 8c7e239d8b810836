use std::process::ExitCode;

fn main() -> ExitCode {
    vx::app::main()
}
