"""The side panels' endpoints: POST /api/gradcheck and POST /api/curve."""

import math

import pytest
from circuitgrad.app.analysis import MAX_GRADCHECK_INPUTS
from circuitgrad.app.main import create_app
from circuitgrad.app.request_models import MAX_CURVE_POINTS
from fastapi.testclient import TestClient

NOTES_FIRST = {"expr": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as test_client:
        yield test_client


def assert_error_shape(response, status):
    assert response.status_code == status, response.text[:300]
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"message", "line", "column", "code", "params"}
    assert body["error"]["message"]
    return body["error"]


def curve(client, **overrides):
    body = {**NOTES_FIRST, "input": "x", "lo": -5, "hi": 5, "points": 11, **overrides}
    return client.post("/api/curve", json=body)


def test_gradcheck_agrees_with_the_notes_gradients(client):
    response = client.post("/api/gradcheck", json=NOTES_FIRST)
    assert response.status_code == 200
    checks = {row["name"]: row for row in response.json()["checks"]}
    assert list(checks) == ["x", "y", "z"]
    for name, expected in {"x": -4.0, "y": -4.0, "z": 3.0}.items():
        assert checks[name]["analytic"] == expected
        assert checks[name]["numeric"] == pytest.approx(expected, rel=1e-6)
        assert checks[name]["relative_error"] < 1e-6
        assert checks[name]["ok"] is True


def test_gradcheck_of_a_program_that_does_not_parse_is_a_400_with_its_position(client):
    error = assert_error_shape(client.post("/api/gradcheck", json={"expr": "1 + * 2"}), 400)
    assert (error["line"], error["column"]) == (1, 5)


def test_gradcheck_checks_the_sigmoid_in_the_form_asked_for(client):
    body = {"expr": "sigmoid(x)", "values": {"x": 1}, "options": {"expand_sigmoid": True}}
    [row] = client.post("/api/gradcheck", json=body).json()["checks"]
    assert row["analytic"] == pytest.approx(0.19661193324148185)
    assert row["ok"] is True


def test_gradcheck_where_a_nudge_leaves_the_domain_says_null_and_not_ok(client):
    [row] = client.post("/api/gradcheck", json={"expr": "log(x)", "values": {"x": 1e-6}}).json()["checks"]
    assert row["analytic"] == pytest.approx(1e6)
    assert row["numeric"] is None and row["relative_error"] is None
    assert row["ok"] is False


def test_gradcheck_of_too_many_inputs_is_refused_in_the_usual_shape(client):
    expr = " + ".join(f"x{i}" for i in range(MAX_GRADCHECK_INPUTS + 1))
    error = assert_error_shape(client.post("/api/gradcheck", json={"expr": expr}), 400)
    assert str(MAX_GRADCHECK_INPUTS) in error["message"]


def test_gradcheck_rejects_unknown_fields(client):
    assert_error_shape(client.post("/api/gradcheck", json={**NOTES_FIRST, "extra": 1}), 422)


def test_curve_samples_f_and_its_slope_along_one_input(client):
    response = curve(client)
    assert response.status_code == 200
    body = response.json()
    assert body["x"][0] == -5 and body["x"][-1] == 5 and len(body["x"]) == 11
    assert body["f"] == [pytest.approx((x + 5) * -4) for x in body["x"]]
    assert body["dfdx"] == [-4.0] * 11


def test_curve_holds_the_other_inputs_at_their_values(client):
    body = curve(client, input="z", lo=0, hi=2, points=3).json()
    assert body["f"] == [0.0, 3.0, 6.0]
    assert body["dfdx"] == [3.0, 3.0, 3.0]


def test_curve_points_where_f_is_undefined_come_back_as_null(client):
    body = curve(client, expr="log(x)", values={"x": 1}, lo=-1, hi=1, points=5).json()
    assert body["f"][:3] == [None, None, None]
    assert body["f"][3] == pytest.approx(math.log(0.5))
    assert body["dfdx"][:3] == [None, None, None]


def test_curve_across_a_pole_has_a_gap_and_never_an_infinity(client):
    response = curve(client, expr="1/x", values={"x": 1}, lo=-1, hi=1, points=5)
    assert response.status_code == 200
    assert "Infinity" not in response.text and "NaN" not in response.text
    assert response.json()["f"][2] is None


@pytest.mark.parametrize(
    "overrides",
    [
        {"lo": 1, "hi": 1},
        {"lo": 2, "hi": -2},
        {"points": 1},
        {"points": MAX_CURVE_POINTS + 1},
        {"lo": -1e300, "hi": 1e300},
        {"input": "not a name"},
    ],
    ids=["empty-range", "reversed-range", "one-point", "too-many-points", "huge-span", "bad-name"],
)
def test_curve_rejects_a_bad_request_in_the_usual_shape(client, overrides):
    assert_error_shape(curve(client, **overrides), 422)


def test_curve_along_a_name_the_program_does_not_use_is_a_400(client):
    assert_error_shape(curve(client, input="w"), 400)


def test_curve_of_a_program_that_does_not_parse_is_a_400_with_its_position(client):
    error = assert_error_shape(curve(client, expr="1 + * 2"), 400)
    assert (error["line"], error["column"]) == (1, 5)
