//! STAND-IN until the rules branch lands.
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use crate::types::Yen;
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Fee {
    #[ts(type = "number")]
    pub total_cost: Yen,
    #[ts(type = "number")]
    pub user_fee: Yen,
    #[ts(type = "number")]
    pub ward_amount: Yen,
}
