//! (filled by the rules engine)
