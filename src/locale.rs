//! Words the edition writes in its own language: dates on the masthead, labels.

use chrono::{Datelike, Days, NaiveDate};
use icu_calendar::{cal::Hijri, Date};

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

/// The Hijri months as Arabic papers print them.
const AR_HIJRI_MONTHS: [&str; 12] = [
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
];
/// The same months in the common English transliteration.
const EN_HIJRI_MONTHS: [&str; 12] = [
    "Muharram",
    "Safar",
    "Rabi al-Awwal",
    "Rabi al-Thani",
    "Jumada al-Awwal",
    "Jumada al-Thani",
    "Rajab",
    "Shaban",
    "Ramadan",
    "Shawwal",
    "Dhu al-Qadah",
    "Dhu al-Hijjah",
];

/// A day of the Hijri calendar: year (AH), month 1–12, day 1–30.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HijriDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// The Hijri date of `date` in the Umm al-Qura calendar (Saudi Arabia's official one, tabulated
/// by KACST), moved by `offset` days for countries whose months begin with a sighting of the
/// moon a day earlier or later (`hijri_offset` in the manifest). `None` only for a date the
/// calendar cannot hold.
pub fn hijri(date: NaiveDate, offset: i8) -> Option<HijriDate> {
    let shifted = if offset >= 0 {
        date.checked_add_days(Days::new(offset as u64))?
    } else {
        date.checked_sub_days(Days::new(offset.unsigned_abs() as u64))?
    };
    let iso = Date::try_new_iso(shifted.year(), shifted.month() as u8, shifted.day() as u8).ok()?;
    let h = iso.to_calendar(Hijri::new_umm_al_qura());
    Some(HijriDate {
        year: h.year().extended_year(),
        month: h.month().number(),
        day: h.day_of_month().0,
    })
}

/// The Hijri date written out: «18 ذو القعدة 1442 هـ» in Arabic, "18 Dhu al-Qadah 1442 AH"
/// otherwise.
pub fn hijri_long(date: NaiveDate, offset: i8, lang: &str) -> Option<String> {
    let h = hijri(date, offset)?;
    let m = usize::from(h.month.clamp(1, 12)) - 1;
    Some(if is_arabic(lang) {
        format!("{} {} {} هـ", h.day, AR_HIJRI_MONTHS[m], h.year)
    } else {
        format!("{} {} {} AH", h.day, EN_HIJRI_MONTHS[m], h.year)
    })
}

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

/// The jump line ending a front-page story that goes on inside: «التتمة ص ٥», the page in
/// Arabic-Indic digits as papers print it there. They also keep the number inside the
/// right-to-left line for text extractors, which took a Western «5» at the line's left end for
/// a word of the next column.
pub fn jump_to(page: usize, lang: &str) -> String {
    if is_arabic(lang) {
        format!("التتمة ص {}", arabic_digits(page))
    } else {
        format!("Continued on page {page}")
    }
}

/// A page number in Arabic-Indic digits (٠–٩), as the paper prints them.
fn arabic_digits(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(0x0660 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect()
}

/// The heading of the front page's box of sections and their pages: «في هذا العدد».
pub fn in_this_issue(lang: &str) -> &'static str {
    if is_arabic(lang) {
        "في هذا العدد"
    } else {
        "In this issue"
    }
}

/// One entry of that box: a section and the page it opens on («اقتصاد — ص ٥»).
pub fn section_on_page(section: &str, page: usize, lang: &str) -> String {
    if is_arabic(lang) {
        format!("{section} — ص {}", arabic_digits(page))
    } else {
        format!("{section} — page {page}")
    }
}

/// The head over a story's continuation: «تابع: <headline> — من الصفحة الأولى».
pub fn jump_from(headline: &str, lang: &str) -> String {
    if is_arabic(lang) {
        format!("تابع: {headline} — من الصفحة الأولى")
    } else {
        format!("Continued: {headline} — from page 1")
    }
}

/// The jump head over an inside story's continuation, naming the page (1-based) it jumped
/// from: «تابع: … — من الصفحة ٥», the number in Arabic-Indic digits as in [`jump_to`].
pub fn jump_from_page(headline: &str, page: usize, lang: &str) -> String {
    if is_arabic(lang) {
        format!("تابع: {headline} — من الصفحة {}", arabic_digits(page))
    } else {
        format!("Continued: {headline} — from page {page}")
    }
}

/// The outline's name for the front page.
pub fn front_page_label(lang: &str) -> &'static str {
    if is_arabic(lang) {
        "الصفحة الأولى"
    } else {
        "Front page"
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

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Dates from the published Umm al-Qura calendar: the starts of Ramadan, Shawwal and the
    /// Hijri year, and the Eid al-Adha, as Saudi Arabia announced them.
    #[test]
    fn hijri_dates_match_the_umm_al_qura_table() {
        let table = [
            ((2021, 6, 28), (1442, 11, 18)),
            ((2020, 1, 1), (1441, 5, 6)),
            ((2021, 4, 13), (1442, 9, 1)),
            ((2022, 7, 9), (1443, 12, 10)),
            ((2023, 3, 23), (1444, 9, 1)),
            ((2023, 4, 21), (1444, 10, 1)),
            ((2023, 7, 19), (1445, 1, 1)),
            ((2024, 3, 11), (1445, 9, 1)),
            ((2024, 6, 16), (1445, 12, 10)),
            ((2025, 3, 1), (1446, 9, 1)),
            ((2025, 6, 26), (1447, 1, 1)),
        ];
        for ((y, m, d), (hy, hm, hd)) in table {
            let want = HijriDate {
                year: hy,
                month: hm,
                day: hd,
            };
            assert_eq!(hijri(ymd(y, m, d), 0), Some(want), "{y}-{m}-{d}");
        }
    }

    #[test]
    fn hijri_date_in_words_and_with_an_offset() {
        let d = ymd(2021, 6, 28);
        assert_eq!(hijri_long(d, 0, "ar").unwrap(), "18 ذو القعدة 1442 هـ");
        assert_eq!(hijri_long(d, 0, "en").unwrap(), "18 Dhu al-Qadah 1442 AH");
        assert_eq!(hijri_long(d, -1, "ar").unwrap(), "17 ذو القعدة 1442 هـ");
        // A day later crosses into the next month: 29 Shaban 1444 was the last of its month.
        assert_eq!(hijri(ymd(2023, 3, 22), 1).unwrap().month, 9);
        assert_eq!(hijri(ymd(2023, 3, 22), 0).unwrap().month, 8);
    }
}
