//! `coursepack new`: scaffold a small course that builds without errors.

use crate::scaffold;

use super::{EXIT_OK, NewArgs, fail};

pub fn run(args: &NewArgs) -> u8 {
    match scaffold::create(&args.dir, args.title.as_deref()) {
        Err(e) => fail(&e),
        Ok(files) => {
            println!("Created {} files in {}", files, args.dir.display());
            println!("Next: coursepack build {}", args.dir.display());
            EXIT_OK
        }
    }
}
