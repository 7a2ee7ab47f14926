"""Every malformed parameter of the located lists is a 400 whose `detail` says what is wrong."""

import pytest

pytestmark = pytest.mark.django_db

NEAR_STATION = "60.1699,24.9384"


def get(api_client, url, **query):
    return api_client.get(url, query, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("url", ["/api/v1/cases/", "/api/v1/spaces/"])
@pytest.mark.parametrize(
    "query, message",
    [
        ({"near": "60.17"}, "Parameter near must be lat,lon"),
        ({"near": "abc,24.9"}, "Parameter near must be lat,lon"),
        ({"near": "95,24.9"}, "Parameter near must be lat,lon"),
        ({"near": "60.17,24.9,1"}, "Parameter near must be lat,lon"),
        ({"near": "nan,24.9"}, "Parameter near must be lat,lon"),
        ({"radius": "100"}, "Parameter radius needs near"),
        ({"near": NEAR_STATION, "radius": "-5"}, "Parameter radius must be between"),
        ({"near": NEAR_STATION, "radius": "1e9"}, "Parameter radius must be between"),
        ({"near": NEAR_STATION, "radius": "far"}, "Parameter radius must be a number"),
        ({"bbox": "1,2,3"}, "Parameter bbox must be four numbers"),
        ({"bbox": "a,b,c,d"}, "Parameter bbox must be four numbers"),
        ({"bbox": "24.95,60.1,24.9,60.2"}, "min_x < max_x"),
        ({"bbox": "24.9,60.1,25.0,95"}, "out of range for EPSG:4326"),
        ({"bbox": "24.9,60.1,25.0,60.2", "bbox_srid": "2393"}, "Unsupported coordinate reference system"),
        ({"bbox_srid": "3067"}, "Parameter bbox_srid needs bbox"),
        ({"division": "piiri"}, "Unknown division 'piiri'"),
        ({"division": "osa-alue", "area": "999"}, "No area with the code 999 in the division osa-alue"),
        ({"area": "Kallio"}, "Parameter area must be area ids"),
        ({"area": "99999999"}, "No area with the id 99999999"),
        ({"area": ",".join(str(n) for n in range(60))}, "at most 50 are accepted"),
        ({"within": "x"}, "Parameter within must be a whole number"),
        ({"within": "99999999"}, "No area with the id 99999999"),
        ({"q": "x" * 201}, "Parameter q is longer than 200 characters"),
        ({"ordering": "colour"}, "Parameter ordering: 'colour' is not one of"),
        ({"ordering": "distance"}, "Ordering by distance needs near"),
        ({"srid": "4258"}, "Unsupported coordinate reference system"),
        ({"page": "first"}, "Parameter page must be a whole number"),
        ({"page": "0"}, "Parameter page must be between 1"),
        ({"page_size": "0"}, "Parameter page_size must be between 1 and 1000"),
        ({"page_size": "5000"}, "Parameter page_size must be between 1 and 1000"),
        ({"is_demo": "maybe"}, "Parameter is_demo: Enter true or false"),
        ({"modified_after": "2025-13-01"}, None),
    ],
)
def test_malformed_parameters_are_a_400_with_a_message(api_client, url, query, message):
    if "modified_after" in query and url.endswith("cases/"):
        query = {"created_after": "2025-13-01"}
    response = get(api_client, url, **query)
    assert response.status_code == 400, response.content
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    if message:
        assert message in detail


@pytest.mark.parametrize(
    "query, message",
    [
        ({"status": "open"}, "Parameter status: Select a valid choice"),
        ({"located": "perhaps"}, "Parameter located: Enter true or false"),
        ({"location_source": "guessed"}, "Parameter location_source"),
        ({"case_id": "HEL 25-1"}, "Parameter case_id: 'HEL 25-1' is not an Ahjo case id"),
        ({"created_after": "1.2.2025"}, "Parameter created_after: Enter a valid date"),
        ({"created_after": "2025-02-01", "created_before": "2025-01-01"}, "is later than created_before"),
        ({"last_handled_before": "yesterday"}, "Parameter last_handled_before"),
    ],
)
def test_malformed_case_fields_are_a_400(api_client, query, message):
    response = get(api_client, "/api/v1/cases/", **query)
    assert response.status_code == 400
    assert message in response.json()["detail"]


@pytest.mark.parametrize(
    "query, message",
    [
        ({"kind": "castle"}, "Parameter kind: Select a valid choice"),
        ({"min_capacity": "many"}, "Parameter min_capacity"),
        ({"bookable": "2"}, "Parameter bookable: Enter true or false"),
    ],
)
def test_malformed_space_fields_are_a_400(api_client, query, message):
    response = get(api_client, "/api/v1/spaces/", **query)
    assert response.status_code == 400
    assert message in response.json()["detail"]
