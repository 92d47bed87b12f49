//! The site the preview serves, shared by the HTTP tasks and the one watcher thread that rebuilds it after a
//! save and announces each new build to the open pages.

use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::thread;
use std::time::Duration;

use tokio::sync::watch;

use crate::build::BuildError;
use crate::preview::{Preview, Refreshed, Site};

/// How often the watcher looks for changes (one walk of the course folder, metadata only).
const WATCH_INTERVAL: Duration = Duration::from_millis(300);

/// The course folder, its current build, and the channel that names the build's generation.
pub struct Live {
    preview: Mutex<Preview>,
    /// The current build and its generation, replaced together.
    site: RwLock<(u64, Arc<Site>)>,
    generation: watch::Sender<u64>,
}

impl Live {
    pub fn new(preview: Preview) -> Self {
        let site = preview.site();
        report(&site);
        Self {
            generation: watch::Sender::new(preview.generation()),
            site: RwLock::new((preview.generation(), site)),
            preview: Mutex::new(preview),
        }
    }

    /// The current build and its generation.
    pub fn site(&self) -> (u64, Arc<Site>) {
        let current = self.site.read().unwrap_or_else(PoisonError::into_inner);
        (current.0, Arc::clone(&current.1))
    }

    /// The generation of the current build now and after every rebuild.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.generation.subscribe()
    }

    /// Rebuilds if anything changed (one rebuild at a time), then publishes the new site and its generation.
    pub fn refresh(&self) -> Result<Refreshed, BuildError> {
        let mut preview = self.preview.lock().unwrap_or_else(PoisonError::into_inner);
        let refreshed = preview.refresh()?;
        if refreshed == Refreshed::Rebuilt {
            let site = preview.site();
            report(&site);
            *self.site.write().unwrap_or_else(PoisonError::into_inner) = (preview.generation(), site);
            self.generation.send_replace(preview.generation());
        }
        Ok(refreshed)
    }

    /// Starts the one watcher thread; it lives as long as the process.
    pub fn watch(self: &Arc<Self>) -> std::io::Result<()> {
        let live = Arc::clone(self);
        thread::Builder::new()
            .name("preview-watch".into())
            .spawn(move || {
                let mut last_error = String::new();
                loop {
                    thread::sleep(WATCH_INTERVAL);
                    match live.refresh() {
                        Ok(_) => last_error.clear(),
                        Err(e) if e.to_string() != last_error => {
                            last_error = e.to_string();
                            eprintln!("error: {e}");
                        }
                        Err(_) => {}
                    }
                }
            })
            .map(drop)
    }
}

fn report(site: &Site) {
    match site {
        Site::Broken { report, sources } => {
            eprint!("{}", report.render_human(sources, false));
            eprintln!("preview: the course has errors; the browser shows them until they are fixed");
        }
        Site::Ready(_) => eprintln!("preview: built"),
    }
}
