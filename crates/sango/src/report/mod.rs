//! The ward's reports: each facility's monthly claim (請求), the mothers over a limit across
//! facilities (超過), and CSV that Excel opens as is. Pure functions over records.

pub mod care;
mod claims;
mod csv;
mod overruns;

pub use claims::{claims, ClaimFlag, ClaimLine, ClaimTotals, ClaimUse, ClaimsReport, Pricing};
pub use csv::{claims_csv, csv_bytes, CsvEncoding};
pub use overruns::{beyond_limit, overruns, Overrun, OverrunUse};
