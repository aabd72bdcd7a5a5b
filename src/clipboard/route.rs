//! Where a copy can reach the person's clipboard, decided from the environment alone (pure).
//!
//! A desktop clipboard exists where the process has a display: always on macOS and Windows, on
//! Linux and the BSDs only with `DISPLAY` (X11, also X forwarded over SSH) or `WAYLAND_DISPLAY`.
//! Without one — a plain SSH session, a container, a server console — the terminal can still set
//! the clipboard of the machine the person sits at with the OSC 52 escape sequence, but only when
//! the sequence reaches a terminal: stdout or stderr must be one. A terminal multiplexer between us
//! and the terminal needs the sequence wrapped (tmux, GNU screen).

/// What stands between this process and the terminal emulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Multiplexer {
    None,
    /// `TMUX` is set: tmux takes OSC 52 itself with `set-clipboard on`, or passes it through.
    Tmux,
    /// `STY` is set, or `TERM` is screen's: screen passes a DCS string through, in short pieces.
    Screen,
}

/// One way to the clipboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The desktop's clipboard, through the platform's API (a helper process holds it).
    Desktop,
    /// The OSC 52 escape sequence, written to the terminal.
    Osc52(Multiplexer),
}

impl Route {
    /// For people and `--output json`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Route::Desktop => "desktop",
            Route::Osc52(_) => "osc52",
        }
    }
}

/// The facts the choice depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surroundings {
    /// macOS or Windows: a desktop clipboard whether or not a display variable is set.
    pub native_desktop: bool,
    /// `DISPLAY` or `WAYLAND_DISPLAY`, whichever is set and not empty.
    pub display: Option<String>,
    /// stdout or stderr is a terminal, so an escape sequence reaches one.
    pub terminal: bool,
    pub multiplexer: Multiplexer,
}

impl Surroundings {
    /// From environment variables (`var` reads one) and whether a terminal is attached.
    pub fn from_env(var: impl Fn(&str) -> Option<String>, terminal: bool) -> Surroundings {
        let set = |name: &str| var(name).filter(|v| !v.is_empty());
        let multiplexer = if set("TMUX").is_some() {
            Multiplexer::Tmux
        } else if set("STY").is_some() || set("TERM").is_some_and(|t| t.starts_with("screen")) {
            Multiplexer::Screen
        } else {
            Multiplexer::None
        };
        Surroundings {
            native_desktop: cfg!(any(target_os = "macos", target_os = "windows")),
            display: set("WAYLAND_DISPLAY").or_else(|| set("DISPLAY")),
            terminal,
            multiplexer,
        }
    }

    /// This process's own surroundings.
    #[must_use]
    pub fn current() -> Surroundings {
        use std::io::IsTerminal as _;
        let terminal = std::io::stderr().is_terminal() || std::io::stdout().is_terminal();
        Surroundings::from_env(|name| std::env::var(name).ok(), terminal)
    }

    fn has_desktop(&self) -> bool {
        self.native_desktop || self.display.is_some()
    }
}

/// Why no route exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoRoute {
    /// `--osc52` was asked for, and neither stdout nor stderr is a terminal.
    NoTerminal,
    /// No display and no terminal.
    Neither,
}

/// The routes to try, best first: the desktop clipboard where there is a display, then OSC 52 where
/// a terminal is attached (the fallback when the desktop refuses, e.g. a stale `DISPLAY`). With
/// `--osc52` (`force_osc52`), only OSC 52.
pub fn choose(surroundings: &Surroundings, force_osc52: bool) -> Result<Vec<Route>, NoRoute> {
    let osc52 = surroundings.terminal.then_some(Route::Osc52(surroundings.multiplexer));
    if force_osc52 {
        return osc52.map(|route| vec![route]).ok_or(NoRoute::NoTerminal);
    }
    let routes: Vec<Route> = surroundings.has_desktop().then_some(Route::Desktop).into_iter().chain(osc52).collect();
    if routes.is_empty() { Err(NoRoute::Neither) } else { Ok(routes) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)], terminal: bool) -> Surroundings {
        let owned: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let mut found =
            Surroundings::from_env(|name| owned.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()), terminal);
        found.native_desktop = false; // the table is about Linux; macOS/Windows below
        found
    }

    type Row = (&'static [(&'static str, &'static str)], bool, bool, Result<Vec<Route>, NoRoute>);

    #[test]
    fn the_environment_decides_the_routes() {
        use Multiplexer as M;
        use Route::{Desktop, Osc52};
        let table: &[Row] = &[
            // A desktop session with a terminal: the desktop first, OSC 52 if it refuses.
            (&[("DISPLAY", ":0")], true, false, Ok(vec![Desktop, Osc52(M::None)])),
            (&[("WAYLAND_DISPLAY", "wayland-0")], true, false, Ok(vec![Desktop, Osc52(M::None)])),
            // A desktop with no terminal (a launcher, cron with DISPLAY): the desktop only.
            (&[("DISPLAY", ":0")], false, false, Ok(vec![Desktop])),
            // An empty variable is no display (exported empty by scripts).
            (&[("DISPLAY", ""), ("WAYLAND_DISPLAY", "")], true, false, Ok(vec![Osc52(M::None)])),
            // Over SSH in tmux or screen: wrapped for them.
            (&[("TMUX", "/tmp/tmux-0/default,1,0"), ("TERM", "screen")], true, false, Ok(vec![Osc52(M::Tmux)])),
            (&[("STY", "1234.pts-0.host")], true, false, Ok(vec![Osc52(M::Screen)])),
            (&[("TERM", "screen.xterm-256color")], true, false, Ok(vec![Osc52(M::Screen)])),
            // --osc52 skips the desktop, and needs a terminal.
            (&[("DISPLAY", ":0")], true, true, Ok(vec![Osc52(M::None)])),
            (&[("DISPLAY", ":0")], false, true, Err(NoRoute::NoTerminal)),
            // Nothing at all.
            (&[], false, false, Err(NoRoute::Neither)),
            (&[("TMUX", "x")], false, false, Err(NoRoute::Neither)),
        ];
        for (vars, terminal, force, expected) in table {
            assert_eq!(&choose(&env(vars, *terminal), *force), expected, "{vars:?} terminal={terminal} osc52={force}");
        }
    }

    #[test]
    fn macos_and_windows_have_a_desktop_without_a_display_variable() {
        let mut native = env(&[], false);
        native.native_desktop = true;
        assert_eq!(choose(&native, false), Ok(vec![Route::Desktop]));
    }
}
