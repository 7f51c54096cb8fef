//! Old stored formats, frozen, for decoding and migrating databases written before format 4.

pub mod v3;
