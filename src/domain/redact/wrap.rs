//! A serde adapter that redacts every text of a value as it is serialised: wrap the value in
//! [`Redacted`] and serialise it with any serializer (the service re-encodes a reply through
//! it). Every string goes through the [`Redactor`], so a field added to a case later cannot be
//! forgotten; what stays readable is listed here:
//!
//! - meeting participants (`Participant`, whole): the remembered roster is never redacted;
//! - the accounts that did something (`Event::author`, `Draft::author`,
//!   `Intake::received_by`, `Meeting::created_by`, `Viewer::user`, `AuditEntry::user`):
//!   colleagues' logins, not the people the cases are about;
//! - who is responsible for a case's follow-up or a measure (`FollowUpPlan::responsible`,
//!   `Measure::responsible`): a colleague picked from the team's list — and a form that shows
//!   it prefilled must not save it back as initials;
//! - enum variant names and struct field names, which are not data.
//!
//! A CPR number (`Cpr`) is written as zeros.

use serde::ser::{
    Serialize, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple,
    SerializeTupleStruct, SerializeTupleVariant, Serializer,
};

use super::Redactor;

/// Structs kept as they are, with everything inside them.
const KEPT_STRUCTS: &[&str] = &["Participant"];
/// Fields kept as they are: (struct, field).
const KEPT_FIELDS: &[(&str, &str)] = &[
    ("Event", "author"),
    ("Draft", "author"),
    ("Intake", "received_by"),
    ("Meeting", "created_by"),
    ("Viewer", "user"),
    ("AuditEntry", "user"),
    ("FollowUpPlan", "responsible"),
    ("Measure", "responsible"),
];

/// `value` as it serialises with every text redacted.
pub struct Redacted<'a, T: ?Sized> {
    value: &'a T,
    r: &'a Redactor<'a>,
}

impl<'a, T: ?Sized> Redacted<'a, T> {
    pub fn new(value: &'a T, r: &'a Redactor<'a>) -> Self {
        Redacted { value, r }
    }
}

impl<T: ?Sized + Serialize> Serialize for Redacted<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(Ser {
            inner: s,
            r: self.r,
        })
    }
}

struct Ser<'a, S> {
    inner: S,
    r: &'a Redactor<'a>,
}

/// A compound value's parts, each redacted unless `keep`.
pub struct Parts<'a, C> {
    inner: C,
    r: &'a Redactor<'a>,
    keep: bool,
    name: &'static str,
}

fn wrap<'v, T: ?Sized>(r: &'v Redactor<'v>, keep: bool, v: &'v T) -> Either<'v, T> {
    if keep {
        Either::Kept(v)
    } else {
        Either::Redacted(Redacted { value: v, r })
    }
}

enum Either<'a, T: ?Sized> {
    Kept(&'a T),
    Redacted(Redacted<'a, T>),
}

impl<T: ?Sized + Serialize> Serialize for Either<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Either::Kept(v) => v.serialize(s),
            Either::Redacted(v) => v.serialize(s),
        }
    }
}

macro_rules! forward {
    ($($f:ident($t:ty)),* $(,)?) => {
        $(fn $f(self, v: $t) -> Result<S::Ok, S::Error> { self.inner.$f(v) })*
    };
}

impl<'a, S: Serializer> Serializer for Ser<'a, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Parts<'a, S::SerializeSeq>;
    type SerializeTuple = Parts<'a, S::SerializeTuple>;
    type SerializeTupleStruct = Parts<'a, S::SerializeTupleStruct>;
    type SerializeTupleVariant = Parts<'a, S::SerializeTupleVariant>;
    type SerializeMap = Parts<'a, S::SerializeMap>;
    type SerializeStruct = Parts<'a, S::SerializeStruct>;
    type SerializeStructVariant = Parts<'a, S::SerializeStructVariant>;

    forward!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
    );

    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        self.inner.serialize_str(&self.r.redact(v))
    }

    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.inner.serialize_none()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<S::Ok, S::Error> {
        self.inner.serialize_some(&Redacted {
            value: v,
            r: self.r,
        })
    }

    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit()
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit_struct(name)
    }

    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit_variant(name, index, variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        if name == "Cpr" {
            return self.inner.serialize_newtype_struct(name, &[0u8; 10]);
        }
        if KEPT_STRUCTS.contains(&name) {
            return self.inner.serialize_newtype_struct(name, v);
        }
        self.inner.serialize_newtype_struct(
            name,
            &Redacted {
                value: v,
                r: self.r,
            },
        )
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        self.inner.serialize_newtype_variant(
            name,
            index,
            variant,
            &Redacted {
                value: v,
                r: self.r,
            },
        )
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        let r = self.r;
        Ok(parts(self.inner.serialize_seq(len)?, r, "", false))
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        let r = self.r;
        Ok(parts(self.inner.serialize_tuple(len)?, r, "", false))
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        let keep = KEPT_STRUCTS.contains(&name);
        let r = self.r;
        Ok(parts(
            self.inner.serialize_tuple_struct(name, len)?,
            r,
            name,
            keep,
        ))
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        let inner = self
            .inner
            .serialize_tuple_variant(name, index, variant, len)?;
        Ok(Parts {
            inner,
            r: self.r,
            keep: false,
            name,
        })
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        let r = self.r;
        Ok(parts(self.inner.serialize_map(len)?, r, "", false))
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        let keep = KEPT_STRUCTS.contains(&name);
        let r = self.r;
        Ok(parts(
            self.inner.serialize_struct(name, len)?,
            r,
            name,
            keep,
        ))
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        let inner = self
            .inner
            .serialize_struct_variant(name, index, variant, len)?;
        Ok(Parts {
            inner,
            r: self.r,
            keep: false,
            name: variant,
        })
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

fn parts<'a, C>(inner: C, r: &'a Redactor<'a>, name: &'static str, keep: bool) -> Parts<'a, C> {
    Parts {
        inner,
        r,
        keep,
        name,
    }
}

impl<C: SerializeSeq> SerializeSeq for Parts<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), C::Error> {
        let v = wrap(self.r, self.keep, v);
        self.inner.serialize_element(&v)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: SerializeTuple> SerializeTuple for Parts<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), C::Error> {
        let v = wrap(self.r, self.keep, v);
        self.inner.serialize_element(&v)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: SerializeTupleStruct> SerializeTupleStruct for Parts<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), C::Error> {
        let v = wrap(self.r, self.keep, v);
        self.inner.serialize_field(&v)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: SerializeTupleVariant> SerializeTupleVariant for Parts<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), C::Error> {
        let v = wrap(self.r, self.keep, v);
        self.inner.serialize_field(&v)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: SerializeMap> SerializeMap for Parts<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), C::Error> {
        let k = wrap(self.r, self.keep, k);
        self.inner.serialize_key(&k)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), C::Error> {
        let v = wrap(self.r, self.keep, v);
        self.inner.serialize_value(&v)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: SerializeStruct> SerializeStruct for Parts<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), C::Error> {
        let kept = KEPT_FIELDS.contains(&(self.name, key));
        let v = wrap(self.r, self.keep || kept, v);
        self.inner.serialize_field(key, &v)
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.inner.skip_field(key)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: SerializeStructVariant> SerializeStructVariant for Parts<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), C::Error> {
        let v = wrap(self.r, self.keep, v);
        self.inner.serialize_field(key, &v)
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.inner.skip_field(key)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}
