// tc.rs - the smallest Rust program that links std (panics, formatting).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    println!("hello from rust, {} argument(s)", args.len());
}
