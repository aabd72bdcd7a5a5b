//! The OSC 52 escape sequence (pure): "set the clipboard to this base64 text", which the terminal
//! emulator carries out on the machine the person sits at — over SSH too. xterm defined it; kitty,
//! `WezTerm`, foot, Alacritty, `iTerm2`, Windows Terminal and others accept it.
//!
//! A multiplexer in between changes what must be written:
//! - **tmux** parses OSC 52 itself: with `set-clipboard on` it stores the text as a paste buffer
//!   and forwards it to the outer terminal. With `allow-passthrough on` a copy wrapped in
//!   `ESC P tmux; … ESC \` (every ESC doubled) reaches the outer terminal untouched. Both are
//!   written, so either setting works.
//! - **GNU screen** forwards a DCS string (`ESC P … ESC \`) untouched, but cuts strings longer than
//!   its buffer (768 bytes): the sequence goes in pieces, each wrapped on its own.
//!
//! Clearing is OSC 52 with an empty payload, which xterm and the terminals following it treat as
//! "clear the selection". tmux ignores an empty payload (its paste buffers are deleted instead, see
//! [`super::tmux`]); only the pass-through copy reaches the outer terminal.

use base64::Engine as _;
use zeroize::Zeroizing;

use super::route::Multiplexer;

/// screen's pieces: comfortably under its 768-byte DCS buffer.
const SCREEN_PIECE: usize = 76;

/// What to write to the terminal so its clipboard holds `text`. Holds the text (base64): keep it
/// out of logs, and drop it once written.
#[must_use]
pub fn set(text: &str, multiplexer: Multiplexer) -> Zeroizing<String> {
    let payload = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(text.as_bytes()));
    wrap(&Zeroizing::new(format!("\x1b]52;c;{}\x07", payload.as_str())), multiplexer)
}

/// What to write to the terminal to clear its clipboard.
#[must_use]
pub fn clear(multiplexer: Multiplexer) -> Zeroizing<String> {
    wrap(&Zeroizing::new("\x1b]52;c;\x07".to_owned()), multiplexer)
}

fn wrap(sequence: &str, multiplexer: Multiplexer) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::new());
    match multiplexer {
        Multiplexer::None => out.push_str(sequence),
        Multiplexer::Tmux => {
            out.push_str(sequence);
            out.push_str("\x1bPtmux;");
            out.push_str(&sequence.replace('\x1b', "\x1b\x1b"));
            out.push_str("\x1b\\");
        }
        Multiplexer::Screen => {
            // The sequence is ASCII (base64 and escapes), so byte pieces are char pieces.
            for piece in sequence.as_bytes().chunks(SCREEN_PIECE) {
                out.push_str("\x1bP");
                out.push_str(std::str::from_utf8(piece).expect("the sequence is ASCII"));
                out.push_str("\x1b\\");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_terminal_gets_one_osc_52_with_base64() {
        assert_eq!(set("hello", Multiplexer::None).as_str(), "\x1b]52;c;aGVsbG8=\x07");
        assert_eq!(clear(Multiplexer::None).as_str(), "\x1b]52;c;\x07");
    }

    #[test]
    fn tmux_gets_it_plain_and_passed_through_with_escapes_doubled() {
        assert_eq!(
            set("hello", Multiplexer::Tmux).as_str(),
            "\x1b]52;c;aGVsbG8=\x07\x1bPtmux;\x1b\x1b]52;c;aGVsbG8=\x07\x1b\\"
        );
        assert_eq!(clear(Multiplexer::Tmux).as_str(), "\x1b]52;c;\x07\x1bPtmux;\x1b\x1b]52;c;\x07\x1b\\");
    }

    #[test]
    fn screen_gets_short_dcs_pieces_that_rejoin_into_the_sequence() {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".repeat(3);
        let secret = secret.as_str();
        let wrapped = set(secret, Multiplexer::Screen);
        let pieces: Vec<&str> =
            wrapped.split("\x1b\\").filter(|p| !p.is_empty()).map(|p| p.strip_prefix("\x1bP").unwrap()).collect();
        assert!(pieces.len() > 1, "120 characters need more than one piece: {pieces:?}");
        assert!(pieces.iter().all(|p| p.len() <= SCREEN_PIECE));
        assert_eq!(pieces.concat(), set(secret, Multiplexer::None).as_str());
    }

    #[test]
    fn any_text_survives_the_base64_round_trip() {
        let text = "AKIA…/+= ü";
        let sequence = set(text, Multiplexer::None);
        let payload = sequence.strip_prefix("\x1b]52;c;").unwrap().strip_suffix('\x07').unwrap();
        let decoded = base64::engine::general_purpose::STANDARD.decode(payload).unwrap();
        assert_eq!(String::from_utf8(decoded).unwrap(), text);
    }
}
