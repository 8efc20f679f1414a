//! Words the edition writes in its own language: dates on the masthead, labels.

use chrono::{Datelike, NaiveDate};

const AR_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
/// Monday first, as `chrono::Weekday::num_days_from_monday` counts.
const AR_WEEKDAYS: [&str; 7] = [
    "الإثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "الأحد",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const EN_WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn is_arabic(lang: &str) -> bool {
    lang.split(['-', '_'])
        .next()
        .is_some_and(|p| p.eq_ignore_ascii_case("ar"))
}

/// The date written out, e.g. «الإثنين 28 يونيو 2021» in Arabic (Egyptian month names, Western
/// digits as Egyptian papers print them) or "Monday 28 June 2021" otherwise.
pub fn long_date(date: NaiveDate, lang: &str) -> String {
    let wd = date.weekday().num_days_from_monday() as usize;
    let m = date.month0() as usize;
    if is_arabic(lang) {
        format!(
            "{} {} {} {}",
            AR_WEEKDAYS[wd],
            date.day(),
            AR_MONTHS[m],
            date.year()
        )
    } else {
        format!(
            "{} {} {} {}",
            EN_WEEKDAYS[wd],
            date.day(),
            EN_MONTHS[m],
            date.year()
        )
    }
}

/// "Issue N" in the edition's language.
pub fn issue_label(number: u32, lang: &str) -> String {
    if is_arabic(lang) {
        format!("العدد {number}")
    } else {
        format!("No. {number}")
    }
}

/// Heading of the table of contents.
pub fn contents_label(lang: &str) -> &'static str {
    if is_arabic(lang) {
        "المحتويات"
    } else {
        "Contents"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_date_in_arabic() {
        let d = NaiveDate::from_ymd_opt(2021, 6, 28).unwrap();
        assert_eq!(long_date(d, "ar"), "الإثنين 28 يونيو 2021");
        assert_eq!(long_date(d, "en-GB"), "Monday 28 June 2021");
    }
}
