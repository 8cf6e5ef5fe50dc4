//! The browser app's entry point: mounts the app, nothing else.

fn main() {
    #[cfg(target_arch = "wasm32")]
    prescreen::app::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("The app runs in a browser: build it with `trunk build`. For the command line, run `prescreen`.");
}
