//! Unit tests of the in-place XLSX edit: cells, rows, `<calcPr>` and list validations.

use std::collections::BTreeMap;

use super::cells::patch_sheet;
use super::lists::lists_in;
use super::{parse_reference, recalculate_on_load};

fn cells(list: &[((usize, usize), &str)]) -> BTreeMap<(usize, usize), String> {
    list.iter().map(|(k, v)| (*k, (*v).to_string())).collect()
}

#[test]
fn only_the_edited_cells_change() {
    let xml = br#"<worksheet><sheetData><row r="1" spans="1:3"><c r="A1" s="2" t="s"><v>0</v></c><c r="C1"><f>SUM(1,2)</f><v>3</v></c></row><row r="3"><c r="B3" s="5"/></row></sheetData><mergeCells count="1"><mergeCell ref="A5:B5"/></mergeCells></worksheet>"#;
    let out = patch_sheet(
        xml,
        &cells(&[
            ((0, 1), "Yes"),
            ((1, 0), "new row"),
            ((2, 1), "a < b & c"),
            ((2, 3), "after"),
            ((6, 0), "last"),
        ]),
    )
    .unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(
        out,
        r#"<worksheet><sheetData><row r="1" spans="1:3"><c r="A1" s="2" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t xml:space="preserve">Yes</t></is></c><c r="C1"><f>SUM(1,2)</f><v>3</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve">new row</t></is></c></row><row r="3"><c r="B3" s="5" t="inlineStr"><is><t xml:space="preserve">a &lt; b &amp; c</t></is></c><c r="D3" t="inlineStr"><is><t xml:space="preserve">after</t></is></c></row><row r="7"><c r="A7" t="inlineStr"><is><t xml:space="preserve">last</t></is></c></row></sheetData><mergeCells count="1"><mergeCell ref="A5:B5"/></mergeCells></worksheet>"#
    );
}

#[test]
fn prefixed_elements_and_implicit_positions() {
    // Some writers prefix the main namespace and leave out `r` on rows and cells.
    let xml = br#"<x:worksheet xmlns:x="main"><x:sheetData><x:row><x:c t="s"><x:v>0</x:v></x:c><x:c/></x:row><x:row><x:c><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"#;
    let out = patch_sheet(xml, &cells(&[((0, 1), "Yes"), ((1, 2), "No")])).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#"<x:worksheet xmlns:x="main"><x:sheetData><x:row><x:c t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t xml:space="preserve">Yes</x:t></x:is></x:c></x:row><x:row><x:c><x:v>1</x:v></x:c><x:c r="C2" t="inlineStr"><x:is><x:t xml:space="preserve">No</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"#
    );
}

#[test]
fn an_empty_sheet_data_gains_rows() {
    let out = patch_sheet(
        b"<worksheet><sheetData/></worksheet>",
        &cells(&[((0, 0), "x")]),
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve">x</t></is></c></row></sheetData></worksheet>"#
    );
}

#[test]
fn calc_on_load_is_set_once() {
    let out = recalculate_on_load(br#"<workbook><sheets/><calcPr calcId="191029"/></workbook>"#);
    assert_eq!(
        out,
        br#"<workbook><sheets/><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>"#
    );
    assert_eq!(recalculate_on_load(&out), out);
    let out = recalculate_on_load(br#"<workbook><sheets></sheets></workbook>"#);
    assert_eq!(
        out,
        br#"<workbook><sheets></sheets><calcPr fullCalcOnLoad="1"/></workbook>"#
    );
}

#[test]
fn list_validations_in_both_spellings() {
    let xml = br#"<worksheet><dataValidations><dataValidation type="list" sqref="C2:C9 E5"><formula1>&quot;Yes,No,N/A&quot;</formula1></dataValidation><dataValidation type="whole" sqref="D2"><formula1>1</formula1></dataValidation></dataValidations><extLst><ext><x14:dataValidations><x14:dataValidation type="list"><x14:formula1><xm:f>'Auto Responses'!$J$3:$J$5</xm:f></x14:formula1><xm:sqref>C39:C62 C20</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>"#;
    let lists = lists_in(xml);
    assert_eq!(lists.len(), 2);
    assert_eq!(lists[0].source, "\"Yes,No,N/A\"");
    assert_eq!(lists[0].ranges, [(1, 2, 8, 2), (4, 4, 4, 4)]);
    assert_eq!(lists[1].source, "'Auto Responses'!$J$3:$J$5");
    assert_eq!(lists[1].ranges, [(38, 2, 61, 2), (19, 2, 19, 2)]);
}

#[test]
fn references_parse() {
    assert_eq!(parse_reference("A1"), Some((0, 0)));
    assert_eq!(parse_reference("AB12"), Some((11, 27)));
    assert_eq!(parse_reference("12"), None);
}
