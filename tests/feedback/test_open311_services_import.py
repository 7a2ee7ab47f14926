"""Importing Open311 GeoReport v2 service lists: Helsinki's real fi/sv/en lists, re-runs, all or nothing,
malformed files, encodings, the default sector, services the list lacks, and services.json afterwards."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.utils import translation

from feedback.models import Service

SERVICES_JSON = "/api/v1/open311/services.json"

# Small lists in the shape of Helsinki's (written here: a fresh clone has no ../shared).
FI = [
    {"service_code": "172", "service_name": "Ilkivalta", "description": "Onko puistonpenkki rikottu?", "metadata": False,
     "type": "realtime", "keywords": "ilkivalta, penkit,pöydät", "group": "Puhtaanapito"},
    {"service_code": "176", "service_name": "Töhryjen poisto", "description": "Ilmoita töhryistä.", "metadata": False,
     "type": "realtime", "keywords": "roska,jäte", "group": "Puhtaanapito"},
    {"service_code": "180", "service_name": "Muu korjattava asia", "description": "Onko jokin muu rikki?", "metadata": False,
     "type": "realtime", "keywords": "", "group": "Muut korjattavat asiat"},
]  # fmt: skip
SV = [
    {"service_code": "172", "service_name": "Skadegörelse", "description": "Ge respons om något är trasigt.",
     "keywords": "bench,parks", "group": "Renhållning"},
    {"service_code": "176", "service_name": "Klottersanering", "description": "Rapport om graffiti.",
     "keywords": "graffiti", "group": "Renhållning"},
    {"service_code": "180", "service_name": "Annan fråga", "description": "", "keywords": "", "group": "Övrigt"},
]  # fmt: skip
EN = [
    {"service_code": "172", "service_name": "Vandalism", "description": "Give feedback if something is broken.",
     "keywords": "bench,Parks,trashbins", "group": "Sanitation"},
    {"service_code": "176", "service_name": "Graffiti removal", "description": "Report graffiti.",
     "keywords": "graffiti", "group": "Sanitation"},
    {"service_code": "180", "service_name": "Other issue to be fixed", "description": "", "keywords": "", "group": "Other"},
]  # fmt: skip


def write(tmp_path: Path, name: str, data, *, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode(encoding))
    return str(path)


def run(**options) -> str:
    out = StringIO()
    call_command("import_open311_services", stdout=out, **options)
    return out.getvalue()


def refused(**options) -> str:
    with pytest.raises(CommandError) as caught:
        run(**options)
    text = str(caught.value)
    assert text.endswith("Nothing was imported."), text
    return text


def snapshot() -> list[tuple]:
    fields = [f.attname for f in Service._meta.concrete_fields]
    return list(Service.objects.order_by("service_code").values_list(*fields))


def three_languages(tmp_path) -> dict[str, str]:
    return {
        "fi": write(tmp_path, "services_fi.json", FI),
        "sv": write(tmp_path, "services_sv.json", SV),
        "en": write(tmp_path, "services_en.json", EN),
    }


@pytest.mark.shared_data
class TestHelsinkisRealLists:
    """../shared/data/open311: the same 10 codes in fi, sv (Windows-1252) and en."""

    @pytest.fixture
    def files(self, shared_data) -> dict[str, str]:
        folder = shared_data / "open311"
        return {lang: str(folder / f"services_{lang}.json") for lang in ("fi", "sv", "en")}

    def test_they_import_as_ten_services_in_three_languages(self, sectors, files):
        out = run(**files, sector="kymp", fallback_encoding="cp1252")
        assert out.splitlines()[-1] == "10 created, 0 updated, 0 unchanged, 0 deactivated"
        # The Swedish list is not UTF-8 and says so; the others are read as UTF-8 without a word.
        assert f"{files['sv']} is not UTF-8 text: read as cp1252." in out
        assert "read as" not in out.replace(f"{files['sv']} is not UTF-8 text: read as cp1252.", "")
        assert Service.objects.count() == 10
        assert set(Service.objects.values_list("service_code", flat=True)) == {
            "171", "172", "174", "176", "180", "198", "199", "211", "234", "246",
        }  # fmt: skip
        vandalism = Service.objects.get(service_code="172")
        assert (vandalism.service_name_fi, vandalism.service_name_sv, vandalism.service_name_en) == (
            "Ilkivalta", "Vandalism", "Vandalism",
        )  # fmt: skip
        assert vandalism.description_sv == "Ge respons om du hittar egendom eller utrustning är trasig."
        assert (vandalism.group_fi, vandalism.group_en) == ("Puhtaanapito", "Sanitation")
        # Keywords of every list once, the Finnish first; the Swedish list repeats the English ones.
        assert vandalism.keywords == (
            "ilkivalta, penkit, istuimet, pöydät, katokset, grillit, lipputangot, roska-astiat, bench, parks, trashbins"
        )
        graffiti = Service.objects.get(service_code="176")
        assert (graffiti.service_name_fi, graffiti.service_name_sv, graffiti.service_name_en) == (
            "Töhryjen poisto", "Klottersanering", "Graffiti removal",
        )  # fmt: skip
        # Letters of the Windows-1252 file decoded right: å, ä, ö.
        assert Service.objects.get(service_code="171").service_name_sv == "Potthål"
        assert Service.objects.get(service_code="198").service_name_sv == "Vägmärken"
        assert Service.objects.get(service_code="246").service_name_sv == "Sanitation kränkning"
        assert set(Service.objects.values_list("default_sector__code", "is_active")) == {("kymp", True)}

    def test_a_rerun_changes_nothing_and_says_so(self, sectors, files):
        run(**files, sector="kymp", fallback_encoding="cp1252")
        before = snapshot()
        out = run(**files, sector="kymp", fallback_encoding="cp1252")
        assert out.splitlines()[-1] == "0 created, 0 updated, 10 unchanged, 0 deactivated"
        assert snapshot() == before

    def test_the_swedish_list_is_refused_without_its_encoding(self, sectors, files):
        text = refused(**files, sector="kymp")
        assert f"{files['sv']} is not UTF-8 text (line " in text
        assert "--fallback-encoding cp1252" in text
        assert Service.objects.count() == 0

    def test_a_broken_file_among_the_real_ones_leaves_the_database_as_it_was(self, sectors, files, tmp_path):
        run(**files, sector="kymp", fallback_encoding="cp1252")
        before = snapshot()
        renamed = [{**s, "service_name": s["service_name"] + " (new)"} for s in json.loads(Path(files["en"]).read_text())]
        broken = write(tmp_path, "services_sv.json", renamed[:3] + [renamed[0]])
        text = refused(fi=files["fi"], sv=broken, en=write(tmp_path, "services_en.json", renamed), sector="kymp")
        assert text == f"{broken}: service 172 is listed twice (entries 1 and 4). Nothing was imported."
        assert snapshot() == before

    def test_the_discovery_document_is_not_taken_for_a_list(self, sectors, shared_data):
        # It starts with a byte-order mark: read, then recognised.
        path = shared_data / "open311" / "discovery.json"
        text = refused(fi=str(path), sector="kymp")
        assert text.startswith(f"{path} is an Open311 discovery document, not a service list")
        assert "https://asiointi.hel.fi/palautews/rest/v1" in text

    def test_services_json_serves_them_in_the_language_asked_for(self, sectors, files, api_client):
        run(**files, sector="kymp", fallback_encoding="cp1252")
        names = {}
        for lang in ("fi", "sv", "en"):
            body = api_client.get(SERVICES_JSON, HTTP_ACCEPT_LANGUAGE=lang).json()
            assert len(body) == 10
            names[lang] = {s["service_code"]: (s["service_name"], s["group"]) for s in body}
        assert names["fi"]["176"] == ("Töhryjen poisto", "Puhtaanapito")
        assert names["sv"]["176"] == ("Klottersanering", "Sanitation")
        assert names["en"]["176"] == ("Graffiti removal", "Sanitation")
        assert names["sv"]["234"] == ("Skogar", "Parks and forests")


class TestImport:
    def test_three_languages_are_joined_by_code(self, sectors, tmp_path):
        out = run(**three_languages(tmp_path), sector="kymp")
        assert out == "3 created, 0 updated, 0 unchanged, 0 deactivated\n"
        vandalism = Service.objects.get(service_code="172")
        assert [vandalism.service_name_fi, vandalism.service_name_sv, vandalism.service_name_en] == [
            "Ilkivalta", "Skadegörelse", "Vandalism",
        ]  # fmt: skip
        assert [vandalism.group_fi, vandalism.group_sv, vandalism.group_en] == ["Puhtaanapito", "Renhållning", "Sanitation"]
        assert vandalism.description_en == "Give feedback if something is broken."
        assert vandalism.keywords == "ilkivalta, penkit, pöydät, bench, parks, trashbins"
        assert vandalism.default_sector.code == "kymp" and vandalism.is_active

    def test_a_rerun_reports_everything_unchanged_and_changes_nothing(self, sectors, tmp_path):
        files = three_languages(tmp_path)
        run(**files, sector="kymp")
        before = snapshot()
        assert run(**files, sector="kymp") == "0 created, 0 updated, 3 unchanged, 0 deactivated\n"
        assert snapshot() == before

    def test_a_changed_text_updates_in_place(self, sectors, tmp_path):
        files = three_languages(tmp_path)
        run(**files, sector="kymp")
        ids = dict(Service.objects.values_list("service_code", "pk"))
        changed = [{**EN[0], "service_name": "Vandalism and damage"}, *EN[1:]]
        out = run(**{**files, "en": write(tmp_path, "services_en.json", changed)}, verbosity=2)
        assert out.splitlines()[-2:] == ["0 created, 1 updated, 2 unchanged, 0 deactivated", "Updated: 172"]
        assert dict(Service.objects.values_list("service_code", "pk")) == ids
        assert Service.objects.get(service_code="172").service_name_en == "Vandalism and damage"

    def test_a_language_not_given_keeps_its_texts(self, sectors, tmp_path):
        files = three_languages(tmp_path)
        run(**files, sector="kymp")
        renamed = [{**FI[0], "service_name": "Ilkivalta ja vahingonteko"}, *FI[1:]]
        run(fi=write(tmp_path, "services_fi.json", renamed))
        vandalism = Service.objects.get(service_code="172")
        assert (vandalism.service_name_fi, vandalism.service_name_sv, vandalism.service_name_en) == (
            "Ilkivalta ja vahingonteko", "Skadegörelse", "Vandalism",
        )  # fmt: skip

    def test_a_service_missing_from_one_language_is_reported_and_keeps_those_texts(self, sectors, tmp_path):
        files = three_languages(tmp_path)
        run(**files, sector="kymp")
        out = run(**{**files, "sv": write(tmp_path, "services_sv.json", SV[1:])})
        assert f"Service 172 (Ilkivalta) is not in {tmp_path / 'services_sv.json'}: its texts in sv stay as they are." in out
        assert Service.objects.get(service_code="172").service_name_sv == "Skadegörelse"

    def test_a_service_that_only_another_language_lists_is_refused(self, sectors, tmp_path):
        files = three_languages(tmp_path)
        sv = write(tmp_path, "services_sv.json", [*SV, {"service_code": "999", "service_name": "Annat"}])
        text = refused(**{**files, "sv": sv}, sector="kymp")
        assert text == (
            f"{sv}: service 999 is not in the Finnish list {files['fi']}; every service needs its Finnish name. "
            "Nothing was imported."
        )
        assert Service.objects.count() == 0

    def test_the_finnish_list_is_required(self, sectors, tmp_path):
        with pytest.raises(CommandError, match="--fi"):
            run(en=write(tmp_path, "services_en.json", EN), sector="kymp")

    def test_a_numeric_service_code_is_read_as_text(self, sectors, tmp_path):
        run(fi=write(tmp_path, "fi.json", [{"service_code": 172, "service_name": "Ilkivalta"}]), sector="kymp")
        assert Service.objects.get().service_code == "172"

    def test_extra_attributes_are_reported(self, sectors, tmp_path):
        path = write(tmp_path, "fi.json", [{**FI[0], "metadata": True}])
        out = run(fi=path, sector="kymp")
        assert f"{path}: service 172 asks for extra attributes (metadata: true); this service does not collect them." in out

    def test_dry_run_saves_nothing(self, sectors, tmp_path):
        out = run(**three_languages(tmp_path), sector="kymp", dry_run=True)
        assert out == "3 created, 0 updated, 0 unchanged, 0 deactivated (dry run: nothing was saved)\n"
        assert Service.objects.count() == 0

    def test_a_failure_while_writing_leaves_nothing_behind(self, sectors, services, tmp_path, monkeypatch):
        before = snapshot()
        saved = []
        original_save = Service.save

        def failing_save(self, *args, **kwargs):
            if len(saved) == 2:
                raise DatabaseError("connection lost")
            saved.append(self.service_code)
            return original_save(self, *args, **kwargs)

        monkeypatch.setattr(Service, "save", failing_save)
        with pytest.raises(DatabaseError):
            run(**three_languages(tmp_path), sector="kymp")
        assert saved == ["172", "176"]  # two written before the failure ...
        assert snapshot() == before  # ... and rolled back with it

    @pytest.mark.parametrize(
        "lang, message",
        [
            ("fi", "Toimialaa koodilla 'x' ei ole; toimialat ovat: kasko, kuva, kymp. Mitään ei tuotu."),
            ("sv", "Det finns ingen sektor med koden 'x'; sektorerna är: kasko, kuva, kymp. Inget importerades."),
        ],
    )
    def test_messages_are_translated(self, sectors, tmp_path, lang, message):
        path = write(tmp_path, "fi.json", FI)
        with translation.override(lang):
            with pytest.raises(CommandError) as caught:
                run(fi=path, sector="x")
        assert str(caught.value) == message


class TestMalformed:
    CASES = [
        ("not-json", b'[{"service_code": "172", ', "{path}: not valid JSON: The JSON is malformed: Expecting property name"),
        ("not-a-list", b'{"services": []}', "{path} is not a GeoReport v2 service list: expected a JSON array of services."),
        ("empty-list", b"[]", "{path} lists no services."),
        ("entry-not-object", [FI[0], "176"], "{path}: entry 2 is not a JSON object."),
        ("no-code", [{"service_name": "Ilkivalta"}], "{path}: entry 1 has no service_code."),
        ("empty-code", [FI[0], {**FI[1], "service_code": "  "}], "{path}: entry 2 has no service_code."),
        ("true-code", [{**FI[0], "service_code": True}], "{path}: entry 1 has no service_code."),
        ("long-code", [{**FI[0], "service_code": "1" * 41}], "{path}: entry 1: service_code '11111111111111111111…' is longer than 40 characters."),
        ("comma-code", [{**FI[0], "service_code": "172,176"}], "{path}: service '172,176': service_code may not contain spaces or commas"),
        ("no-name", [{"service_code": "172"}], "{path}: service 172 has no service_name."),
        ("blank-name", [{**FI[0], "service_name": " "}], "{path}: service 172 has no service_name."),
        ("name-not-text", [{**FI[0], "service_name": ["Ilkivalta"]}], "{path}: service 172: service_name must be text."),
        ("long-name", [{**FI[0], "service_name": "x" * 201}], "{path}: service 172: service_name is longer than 200 characters (201)."),
        ("long-group", [{**FI[0], "group": "x" * 201}], "{path}: service 172: group is longer than 200 characters (201)."),
        ("long-keywords", [{**FI[0], "keywords": "x" * 501}], "{path}: service 172: keywords is longer than 500 characters (501)."),
        ("long-description", [{**FI[0], "description": "x" * 5001}], "{path}: service 172: description is longer than 5000 characters (5001)."),
        ("duplicate-code", [FI[0], FI[1], {**FI[0], "service_name": "Toinen"}], "{path}: service 172 is listed twice (entries 1 and 3)."),
        ("nan", b'[{"service_code": "172", "service_name": "X", "x": NaN}]', "{path}: not valid JSON: The JSON holds a number that is not finite"),
    ]  # fmt: skip

    @pytest.mark.parametrize("name, content, message", CASES, ids=[c[0] for c in CASES])
    def test_each_is_refused_naming_the_file_and_the_service(self, sectors, services, tmp_path, name, content, message):
        before = snapshot()
        good = three_languages(tmp_path)
        path = write(tmp_path, "services_en.json", content)
        text = refused(**{**good, "en": path}, sector="kymp")
        assert text.startswith(message.format(path=path)), text
        assert snapshot() == before

    def test_a_missing_file(self, sectors, tmp_path):
        path = tmp_path / "services_fi.json"
        assert refused(fi=str(path), sector="kymp") == f"{path}: no such file. Nothing was imported."

    def test_a_file_too_large(self, sectors, tmp_path, monkeypatch):
        monkeypatch.setattr("feedback.open311_services.MAX_FILE_BYTES", 1 << 20)
        path = write(tmp_path, "services_fi.json", json.dumps(FI).encode() + b" " * (1 << 20))
        assert refused(fi=path, sector="kymp") == f"{path}: the file is larger than 1 MB. Nothing was imported."

    def test_keywords_too_long_together(self, sectors, tmp_path):
        fi = write(tmp_path, "fi.json", [{**FI[0], "keywords": "a" * 300}])
        en = write(tmp_path, "en.json", [{**EN[0], "keywords": "b" * 300}])
        text = refused(fi=fi, en=en, sector="kymp")
        assert text.startswith("Service 172: its keywords in all the lists together are longer than 500 characters (602).")


class TestEncoding:
    def test_a_windows_1252_file_is_refused_unless_its_encoding_is_given(self, sectors, tmp_path):
        path = write(tmp_path, "services_sv.json", json.dumps(SV, ensure_ascii=False, indent=1).encode("cp1252"))
        fi = write(tmp_path, "services_fi.json", FI)
        text = refused(fi=fi, sv=path, sector="kymp")
        assert text.startswith(f"{path} is not UTF-8 text (line 4). If it is in a single-byte encoding")
        assert Service.objects.count() == 0

        out = run(fi=fi, sv=path, sector="kymp", fallback_encoding="cp1252")
        assert out.splitlines() == [f"{path} is not UTF-8 text: read as cp1252.", "3 created, 0 updated, 0 unchanged, 0 deactivated"]
        assert Service.objects.get(service_code="172").service_name_sv == "Skadegörelse"

    def test_utf8_files_are_read_as_utf8_even_with_a_fallback(self, sectors, tmp_path):
        fi = tmp_path / "services_fi.json"
        fi.write_bytes(b"\xef\xbb\xbf" + json.dumps(FI, ensure_ascii=False).encode())  # with a byte-order mark
        out = run(fi=str(fi), sector="kymp", fallback_encoding="latin-1")
        assert "read as" not in out
        assert Service.objects.get(service_code="176").service_name_fi == "Töhryjen poisto"

    @pytest.mark.parametrize(
        "content",
        [
            json.dumps(SV[:1], ensure_ascii=False).encode() + b"\n" + b'[{"service_code": "1", "service_name": "\xe4"}]',
            b"\xef\xbb\xbf" + json.dumps(SV[:1]).encode() + b"\n" + b'[{"service_code": "1", "service_name": "\xe4"}]',
        ],
        ids=["utf8-letter", "byte-order-mark"],
    )
    def test_a_file_mixing_utf8_and_windows_1252_is_refused_even_with_a_fallback(self, sectors, tmp_path, content):
        path = write(tmp_path, "services_sv.json", content)
        text = refused(fi=write(tmp_path, "fi.json", FI), sv=path, sector="kymp", fallback_encoding="cp1252")
        assert text.startswith(f"{path} is not UTF-8 text, yet holds letters written in UTF-8 (line 1): it mixes encodings")

    def test_bytes_that_windows_1252_does_not_define_are_refused(self, sectors, tmp_path):
        path = write(tmp_path, "services_sv.json", b'[{"service_code": "172", "service_name": "\x81"}]')
        text = refused(fi=path, sector="kymp", fallback_encoding="cp1252")
        assert text == f"{path} is neither UTF-8 nor cp1252 text (line 1). Nothing was imported."
        # Latin-1 defines every byte.
        run(fi=path, sector="kymp", fallback_encoding="latin-1")
        assert Service.objects.get().service_name_fi == "\x81"

    def test_only_single_byte_encodings_are_offered(self, sectors, tmp_path):
        path = write(tmp_path, "fi.json", FI)
        with pytest.raises(CommandError, match="invalid choice: 'utf-16'"):
            call_command("import_open311_services", "--fi", path, "--sector", "kymp", "--fallback-encoding", "utf-16")


class TestSector:
    def test_an_unknown_sector_is_refused_with_the_known_ones(self, sectors, tmp_path):
        text = refused(fi=write(tmp_path, "fi.json", FI), sector="kympp")
        assert text == "No sector has the code 'kympp'; the sectors are: kasko, kuva, kymp. Nothing was imported."

    def test_an_unknown_sector_is_refused_even_when_nothing_is_new(self, services, tmp_path):
        text = refused(fi=write(tmp_path, "fi.json", [{"service_code": "172", "service_name": "Ilkivalta"}]), sector="x")
        assert text.startswith("No sector has the code 'x'")

    def test_new_services_need_one(self, services, tmp_path):
        text = refused(fi=write(tmp_path, "fi.json", FI))
        assert text == (
            "New services need a default sector: 180. Give one of the sectors kasko, kuva, kymp with --sector. "
            "Nothing was imported."
        )
        assert not Service.objects.filter(service_code="180").exists()

    def test_without_sectors_the_admin_is_told_to_add_them(self, db, tmp_path):
        text = refused(fi=write(tmp_path, "fi.json", FI), sector="kymp")
        assert text == "There are no sectors yet: add them in the admin (Feedback → Sectors) first. Nothing was imported."

    def test_existing_services_keep_theirs_and_new_ones_get_the_one_given(self, services, tmp_path):
        # services 171, 172, 176 exist, handled by kymp.
        assert run(fi=write(tmp_path, "fi.json", FI), sector="kuva").startswith(
            "In the database but not in the list, left as they are: 171 Pothole."
        )
        assert dict(Service.objects.values_list("service_code", "default_sector__code")) == {
            "171": "kymp", "172": "kymp", "176": "kymp", "180": "kuva",
        }  # fmt: skip

    def test_no_sector_is_needed_when_nothing_is_new(self, services, tmp_path):
        out = run(fi=write(tmp_path, "fi.json", [{"service_code": "172", "service_name": "Ilkivalta"}]))
        assert out.splitlines()[-1] == "0 created, 1 updated, 0 unchanged, 0 deactivated"


class TestMissingServices:
    def test_they_are_left_alone_and_reported(self, services, tmp_path):
        out = run(fi=write(tmp_path, "fi.json", FI[1:]), sector="kymp")
        assert out.splitlines() == [
            "In the database but not in the list, left as they are: 171 Pothole, 172 Vandalism.",
            "1 created, 1 updated, 0 unchanged, 0 deactivated",
        ]
        assert Service.objects.filter(is_active=True).count() == 4

    def test_deactivate_missing_makes_them_inactive_and_never_deletes(self, services, tmp_path, api_client):
        from feedback.models import FeedbackRequest

        FeedbackRequest.objects.create(service=services["171"], description="Kuoppa kadulla.")
        path = write(tmp_path, "fi.json", FI[1:])
        out = run(fi=path, sector="kymp", deactivate_missing=True)
        assert out.splitlines() == [
            "In the database but not in the list, inactive: 171 Pothole, 172 Vandalism.",
            "1 created, 1 updated, 0 unchanged, 2 deactivated",
        ]
        assert dict(Service.objects.values_list("service_code", "is_active")) == {
            "171": False, "172": False, "176": True, "180": True,
        }  # fmt: skip
        assert FeedbackRequest.objects.filter(service__service_code="171").count() == 1
        codes = [s["service_code"] for s in api_client.get(SERVICES_JSON).json()]
        assert codes == ["176", "180"]
        # Again: nothing more to deactivate.
        assert run(fi=path, deactivate_missing=True).splitlines()[-1] == "0 created, 0 updated, 2 unchanged, 0 deactivated"

    def test_a_listed_inactive_service_stays_inactive_unless_deactivate_missing(self, services, tmp_path):
        Service.objects.filter(service_code="176").update(is_active=False)
        path = write(tmp_path, "fi.json", [{"service_code": "176", "service_name": "Graffiti removal"}])
        out = run(fi=path)
        assert (
            "In the list but inactive here, left inactive: 176 Graffiti removal "
            "(--deactivate-missing activates the listed services)." in out
        )
        assert not Service.objects.get(service_code="176").is_active
        out = run(fi=path, deactivate_missing=True)
        assert out.splitlines()[-1] == "0 created, 1 updated, 0 unchanged, 2 deactivated"
        assert list(Service.objects.filter(is_active=True).values_list("service_code", flat=True)) == ["176"]


def test_services_json_serves_the_imported_services_in_the_language_asked_for(sectors, tmp_path, api_client):
    run(**three_languages(tmp_path), sector="kymp")
    for lang, name, group in (
        ("fi", "Töhryjen poisto", "Puhtaanapito"),
        ("sv", "Klottersanering", "Renhållning"),
        ("en", "Graffiti removal", "Sanitation"),
    ):
        body = api_client.get(SERVICES_JSON, HTTP_ACCEPT_LANGUAGE=lang).json()
        assert [s["service_code"] for s in body] == ["172", "176", "180"]
        assert body[1] == {
            "service_code": "176", "service_name": name, "description": body[1]["description"], "metadata": False,
            "type": "realtime", "keywords": "roska, jäte, graffiti", "group": group, "sector": "kymp",
        }, lang  # fmt: skip
    # A text the Swedish list leaves empty falls back to the Finnish one.
    sv = api_client.get(SERVICES_JSON, HTTP_ACCEPT_LANGUAGE="sv").json()
    assert sv[2]["description"] == "Onko jokin muu rikki?"
