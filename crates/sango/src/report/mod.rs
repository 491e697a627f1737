//! The ward's reports: each facility's monthly claim (請求), closing it and the adjustments after (締め・過誤調整), the mothers over a limit across
//! facilities (超過), and CSV that Excel opens as is. Pure functions over records.

pub mod care;
mod claims;
mod closing;
mod csv;
mod fiscal;
mod overruns;
mod workbook;

pub use claims::{claims, ClaimFlag, ClaimLine, ClaimTotals, ClaimUse, ClaimsReport, Pricing};
pub use closing::{adjustments, next_month, with_adjustments, Adjustment, AdjustmentReason, Closed, LineMoney};
pub use csv::{claims_csv, csv_bytes, CsvEncoding};
pub use fiscal::{age_band_ja, fiscal_report, keys_of, uses_behind, FiscalReport, FiscalRow, FiscalTable};
pub use overruns::{beyond_limit, overruns, Overrun, OverrunUse};
pub use workbook::{claims_sheet_name, fiscal_workbook, CLAIMS_HEADER, TABLE_HEADER};
