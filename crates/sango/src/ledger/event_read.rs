//! Reading an [`Event`] without buffering it.
//!
//! serde's derive for an internally tagged enum (`{"type": "booking_saved", …}`) first copies the
//! whole object into a buffer of its own, because the tag could come anywhere in it, then reads the
//! variant from that copy: for an event holding a booking that was most of the time of parsing a
//! bundle. Every event this build (or an earlier one) writes has its tag first, so the reader takes
//! the tag and hands the rest of the object straight to the variant; an object with the tag
//! elsewhere (edited by hand) is read through a JSON value, slower but the same.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, VariantAccess, Visitor};
use serde::Deserialize;

use super::event::{BookingChange, Event, OpenedWhat, RosterMother, StaffChange};
use super::records::{
    Approval, Birth, Booking, CareEntry, Consent, Orientation, PinHash, Referral, ReferralReply, Role, RosterUse,
    ScreeningRecord, WaitEntry,
};
use super::settings::{Install, Settings};
use super::state::Acknowledged;
use super::Entry;
use crate::types::{CardNumber, Epoch, FacilityId};

/// `Event` read by variant name. serde's `remote` makes the compiler check that every variant and
/// field listed here is the enum's own; the exhaustive match below, that none is left out. Keep in
/// step with `Event`'s serde attributes.
#[derive(Deserialize)]
#[serde(remote = "Event", rename_all = "snake_case")]
enum EventByName {
    Initialized {
        install: Install,
        settings: Settings,
    },
    SettingsChanged {
        settings: Settings,
    },
    ApprovalRecorded {
        approval: Approval,
    },
    BirthRecorded {
        card: CardNumber,
        birth: Birth,
    },
    BookingSaved {
        change: BookingChange,
        booking: Booking,
    },
    CareLogged {
        entry: CareEntry,
    },
    ScreeningRecorded {
        screening: ScreeningRecord,
    },
    ConsentRecorded {
        consent: Consent,
    },
    ReferralMade {
        referral: Referral,
    },
    ReferralReplied {
        reply: ReferralReply,
    },
    OrientationRecorded {
        orientation: Orientation,
    },
    WaitListed {
        key: String,
        entry: WaitEntry,
    },
    WaitRemoved {
        key: String,
    },
    Exported {
        through_seq: u64,
    },
    BundleImported {
        facility: FacilityId,
        card: String,
        entries: Vec<Entry>,
    },
    FacilityRegistered {
        facility: FacilityId,
        key_id: String,
        card: String,
    },
    FacilityRevoked {
        facility: FacilityId,
        key_id: String,
    },
    Restored {
        epoch: Epoch,
        backup_seq: u64,
    },
    RosterImported {
        generation: u64,
        created_at: DateTime<FixedOffset>,
        mothers: Vec<RosterMother>,
        uses: Vec<RosterUse>,
        #[serde(default)]
        continues: bool,
        #[serde(default)]
        acknowledged: Vec<Acknowledged>,
        #[serde(default)]
        replies: Vec<ReferralReply>,
    },
    StaffAdded {
        name: String,
        role: Role,
        pin_hash: PinHash,
    },
    StaffChanged {
        name: String,
        change: StaffChange,
    },
    SignedIn {
        name: String,
    },
    SignInFailed {
        name: String,
    },
    Opened {
        what: OpenedWhat,
        #[serde(default)]
        card: Option<CardNumber>,
    },
    ExportReceived {
        facility: FacilityId,
        created_at: DateTime<FixedOffset>,
    },
    MonthClosed {
        claims: crate::report::ClaimsReport,
    },
    ProgramSet {
        program_toml: String,
    },
    DirectorySet {
        directory_json: String,
    },
}

/// Stops compiling when `Event` gains a variant: add it to `EventByName` too (`remote` only checks
/// the variants it lists, and a variant missing there would be written but never read back).
const _: fn(&Event) = |event| match event {
    Event::Initialized { .. }
    | Event::SettingsChanged { .. }
    | Event::ApprovalRecorded { .. }
    | Event::BirthRecorded { .. }
    | Event::BookingSaved { .. }
    | Event::CareLogged { .. }
    | Event::ScreeningRecorded { .. }
    | Event::ConsentRecorded { .. }
    | Event::ReferralMade { .. }
    | Event::ReferralReplied { .. }
    | Event::OrientationRecorded { .. }
    | Event::WaitListed { .. }
    | Event::WaitRemoved { .. }
    | Event::Exported { .. }
    | Event::BundleImported { .. }
    | Event::FacilityRegistered { .. }
    | Event::FacilityRevoked { .. }
    | Event::Restored { .. }
    | Event::RosterImported { .. }
    | Event::StaffAdded { .. }
    | Event::StaffChanged { .. }
    | Event::SignedIn { .. }
    | Event::SignInFailed { .. }
    | Event::Opened { .. }
    | Event::ExportReceived { .. }
    | Event::MonthClosed { .. }
    | Event::ProgramSet { .. }
    | Event::DirectorySet { .. } => {}
};

const TAG: &str = "type";

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        deserializer.deserialize_map(TagFirst)
    }
}

struct TagFirst;

impl<'de> Visitor<'de> for TagFirst {
    type Value = Event;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event: an object with a \"type\"")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
        let Some(first) = map.next_key::<Cow<'de, str>>()? else {
            return Err(de::Error::missing_field(TAG));
        };
        if first == TAG {
            let variant = map.next_value::<Cow<'de, str>>()?;
            return EventByName::deserialize(Tagged { variant, rest: map });
        }
        // The tag elsewhere: the whole object as a value, then read by the tag found in it.
        let mut object = serde_json::Map::new();
        object.insert(first.into_owned(), map.next_value()?);
        while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
            object.insert(k, v);
        }
        let Some(serde_json::Value::String(variant)) = object.remove(TAG) else {
            return Err(de::Error::missing_field(TAG));
        };
        let by_name =
            serde_json::Value::Object(serde_json::Map::from_iter([(variant, serde_json::Value::Object(object))]));
        EventByName::deserialize(by_name).map_err(de::Error::custom)
    }
}

/// The tag already read and the rest of the object, as the enum serde's derive for `EventByName`
/// expects: the variant's name, then its fields.
struct Tagged<'de, A> {
    variant: Cow<'de, str>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for Tagged<'de, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de, A: MapAccess<'de>> EnumAccess<'de> for Tagged<'de, A> {
    type Error = A::Error;
    type Variant = Fields<A>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Fields<A>), A::Error> {
        let name: StrDeserializer<A::Error> = self.variant.as_ref().into_deserializer();
        Ok((seed.deserialize(name)?, Fields(self.rest)))
    }
}

/// The rest of the object: the variant's fields.
struct Fields<A>(A);

impl<'de, A: MapAccess<'de>> VariantAccess<'de> for Fields<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        Err(de::Error::custom("an event has fields"))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, A::Error> {
        Err(de::Error::custom("an event has fields"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, A::Error> {
        Err(de::Error::custom("an event has fields"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Event, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn an_event_reads_back_as_written() {
        for written in
            [Event::Exported { through_seq: 41 }, Event::WaitRemoved { key: "2026-12-01/short_stay/C-001".into() }]
        {
            let json = serde_json::to_string(&written).unwrap();
            assert!(json.starts_with(r#"{"type":""#), "serde writes the tag first: {json}");
            assert_eq!(read(&json).unwrap(), written);
        }
    }

    #[test]
    fn the_tag_may_come_anywhere() {
        let first = read(r#"{"type":"roster_imported","generation":7,"created_at":"2026-11-01T09:00:00+09:00","mothers":[],"uses":[]}"#).unwrap();
        let last = read(r#"{"generation":7,"created_at":"2026-11-01T09:00:00+09:00","mothers":[],"uses":[],"type":"roster_imported"}"#).unwrap();
        assert_eq!(first, last);
        assert!(
            matches!(first, Event::RosterImported { generation: 7, continues: false, .. }),
            "a missing `continues` is false"
        );
    }

    #[test]
    fn a_bad_event_is_an_error_not_a_guess() {
        for (json, says) in [
            (r#"{"through_seq":3}"#, "missing field `type`"),
            (r#"{}"#, "missing field `type`"),
            (r#"{"type":"exported"}"#, "missing field `through_seq`"),
            (r#"{"type":"exported","through_seq":"3"}"#, "invalid type"),
            (r#"{"type":"booked_twice","through_seq":3}"#, "unknown variant `booked_twice`"),
            (r#"{"type":3,"through_seq":3}"#, "invalid type"),
            (r#"{"through_seq":3,"type":"nothing"}"#, "unknown variant `nothing`"),
            (r#"{"type":"exported","through_seq":3,"through_seq":4}"#, "duplicate field `through_seq`"),
            (r#"["exported",3]"#, "invalid type"),
        ] {
            let err = read(json).expect_err(json).to_string();
            assert!(err.contains(says), "{json}: {err}");
        }
    }
}
