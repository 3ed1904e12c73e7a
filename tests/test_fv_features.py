"""Tests of the finite-volume core's newer features against exact solutions, invariants and
convergence orders: flux components, the coefficient inside the derivative (form="ito"),
time-dependent boundary values and sources, and D(c, x)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.fv import ito_velocity

GEOMETRIES = ["cartesian", "cylindrical", "spherical"]


def observed_order(e_coarse, e_fine):
    return math.log(e_coarse / e_fine) / math.log(2.0)


def _random_grid(geometry, n=30, seed=3):
    rng = np.random.default_rng(seed)
    faces = np.sort(np.r_[0.5, 2.0, rng.uniform(0.5, 2.0, n - 1)])
    return fl.Grid.from_faces(faces, geometry=geometry)


# ---------------------------------------------------------------- flux components
def test_components_of_boltzmann_profile():
    """Sealed column: net flux zero, drift v c_face with c_face the stencil mean of the exact
    exponential between centres, the fixed value at the floor, the exponential at the top."""
    D, v, H, n = 2.0, 3.0, 1.0, 8
    g = fl.Grid.uniform(0.0, H, n)
    res = fl.solve_steady(g, D, left=fl.Fixed(1.0), right=fl.Flux(0.0), velocity=-v)
    k, h = v / D, H / n
    x = g.centers
    # mean of exp(-k z) over [x_i, x_i+1], computed from the exact profile
    inner = (np.exp(-k * x[:-1]) - np.exp(-k * x[1:])) / (k * h)
    top = math.exp(-k * H)
    np.testing.assert_allclose(res.drift_flux, -v * np.r_[1.0, inner, top], rtol=1e-12)
    np.testing.assert_allclose(res.diffusive_flux, -res.drift_flux, rtol=1e-12)
    np.testing.assert_allclose(res.diffusive_flux + res.drift_flux, res.flux, atol=1e-13)


def test_components_with_through_flow_are_stencil_means():
    """-D c'' + v c' = 0, c(0) = 1, c(1) = 0 (nodally exact): the diffusive part is the mean of
    -D c' over each stencil, the drift part v times the mean of c, the boundary parts exact."""
    D, v, n = 0.2, 1.0, 16
    Pe = v / D
    g = fl.Grid.uniform(0.0, 1.0, n)
    res = fl.solve_steady(g, D, left=fl.Fixed(1.0), right=fl.Fixed(0.0), velocity=v)

    def c(x):
        return (math.exp(Pe) - np.exp(Pe * x)) / math.expm1(Pe)

    def integral_c(x):  # antiderivative of c
        return (math.exp(Pe) * x - np.exp(Pe * x) / Pe) / math.expm1(Pe)

    x, h = g.centers, 1.0 / n
    mean_c = (integral_c(x[1:]) - integral_c(x[:-1])) / h
    np.testing.assert_allclose(res.drift_flux[1:-1], v * mean_c, rtol=1e-11)
    np.testing.assert_allclose(res.diffusive_flux[1:-1], -D * (c(x[1:]) - c(x[:-1])) / h, rtol=1e-11)
    assert res.drift_flux[0] == pytest.approx(v * 1.0, rel=1e-14)
    assert res.drift_flux[-1] == 0.0
    # the net flux is the exact constant flux of the exact solution
    J = v * math.exp(Pe) / math.expm1(Pe)
    np.testing.assert_allclose(res.flux, J, rtol=1e-11)


@pytest.mark.parametrize("right", [fl.Flux(-0.3), fl.Robin(2.0, 0.1)])
def test_components_recover_face_value_at_flux_and_robin_ends(right):
    """At a Flux or Robin end the face value is recovered from the half-cell flux: it equals
    the exact solution's value at the face (the SG half cell is exact for this problem)."""
    D, v = 0.5, -1.5
    g = fl.Grid.uniform(0.0, 1.0, 12)
    res = fl.solve_steady(g, D, left=fl.Fixed(1.0), right=right, velocity=v)
    # exact solution c = a + b e^{Pe x} through two nodes (it is nodally exact)
    Pe = v / D
    x = g.centers
    E = np.exp(Pe * x)
    b = (res.c[0] - res.c[1]) / (E[0] - E[1])
    a = res.c[0] - b * E[0]
    np.testing.assert_allclose(res.c, a + b * E, rtol=1e-11)  # it really is that family
    c_face = a + b * math.exp(Pe * 1.0)
    assert res.drift_flux[-1] == pytest.approx(v * c_face, rel=1e-10)
    # the diffusive part at the face is -D c'(1) of the exact solution
    assert res.diffusive_flux[-1] == pytest.approx(-D * b * Pe * math.exp(Pe), rel=1e-10)


def test_components_without_drift_and_in_time():
    g = fl.Grid.uniform(0.0, 1.0, 10, geometry="cylindrical")
    res = fl.solve_steady(g, 1.3, left=fl.Flux(0.0), right=fl.Fixed(0.0), source=2.0)
    np.testing.assert_array_equal(res.diffusive_flux, res.flux)
    np.testing.assert_array_equal(res.drift_flux, 0.0)
    sol = fl.solve_transient(
        g, lambda c: 1 + c**2, 1.0, [0.0, 0.1, 0.2], right=fl.Fixed(0.0), velocity=lambda r: -r
    )
    assert sol.diffusive_flux.shape == sol.drift_flux.shape == (3, 11)
    np.testing.assert_allclose(sol.diffusive_flux + sol.drift_flux, sol.flux, rtol=0, atol=1e-14)
    assert sol.drift_flux[:, 0].tolist() == [0.0, 0.0, 0.0]  # the axis carries nothing
    assert np.all(sol.drift_flux[1:, 1:-1] < 0)  # drift toward the axis, c > 0
    np.testing.assert_array_equal(sol.drift_flux[:, -1], 0.0)  # c = 0 at the fixed wall


# ---------------------------------------------------------------- J = -d(w c)/dx
@pytest.mark.parametrize("geometry", GEOMETRIES)
def test_ito_equilibrium_exact_for_any_w(geometry):
    """Zero flux: w c = const at the nodes to round-off, with w spanning four decades (the
    attainable accuracy is eps * max(c)/min(c), as for the Boltzmann profile in test_fv)."""
    g = _random_grid(geometry)
    rng = np.random.default_rng(11)
    w = 10 ** rng.uniform(-2, 2, g.n)
    res = fl.solve_steady(g, w, left=fl.Flux(0.0), right=fl.Fixed(3.0 / w[-1]), form="ito")
    bound = 50 * np.finfo(float).eps * w.max() / w.min()
    assert np.max(np.abs(res.c * w / 3.0 - 1)) < bound
    assert np.max(np.abs(res.flux)) < 1e-12 * np.max(res.diffusive_flux)
    # the same through the public drift
    res2 = fl.solve_steady(g, w, left=fl.Flux(0.0), right=fl.Fixed(3.0 / w[-1]), velocity=ito_velocity(g, w))
    np.testing.assert_array_equal(res.c, res2.c)


def _ito_error(n):
    """Steady J = -(w c)' with w = 1 + x^2 on [0, 1]: u = w c is linear, c = u / w."""
    g = fl.Grid.uniform(0.0, 1.0, n)

    def w(x):
        return 1.0 + x**2

    u0, u1 = 2.0, 0.5
    v = ito_velocity(g, w(g.centers), left=w(0.0), right=w(1.0))
    res = fl.solve_steady(
        g, w(g.centers), left=fl.Fixed(u0 / w(0.0)), right=fl.Fixed(u1 / w(1.0)), velocity=v
    )
    exact = (u0 + (u1 - u0) * g.centers) / w(g.centers)
    return np.max(np.abs(res.c - exact)), np.max(np.abs(res.flux - (u0 - u1)))


def test_ito_second_order_with_through_flux():
    (e1, f1), (e2, f2) = _ito_error(20), _ito_error(40)
    assert observed_order(e1, e2) == pytest.approx(2.0, abs=0.15)
    assert observed_order(f1, f2) == pytest.approx(2.0, abs=0.15)


def test_ito_transient_conserves_and_relaxes_to_equilibrium():
    g = fl.Grid.uniform(0.0, 1.0, 40, geometry="spherical")
    w = 0.2 + g.centers
    sol = fl.solve_transient(g, w, 1.0, [0.0, 5.0, 40.0], form="ito", method="backward-euler", dt=0.05)
    b = sol.budget
    assert abs(b.cumulative_imbalance[-1]) < 1e-13 * b.content[0]
    assert b.content[-1] == pytest.approx(b.content[0], rel=1e-13)
    # equilibrium w c = K with the content conserved
    K = b.content[0] / np.sum(g.volumes / w)
    np.testing.assert_allclose(sol.c[-1] * w, K, rtol=1e-8)


def test_ito_bad_input():
    g = fl.Grid.uniform(0.0, 1.0, 4)
    with pytest.raises(FluxInputError, match=r"form must be 'fick' .* or 'ito' .*, got 'stratonovich'"):
        fl.solve_steady(g, 1.0, right=fl.Fixed(0.0), form="stratonovich")
    with pytest.raises(
        FluxInputError, match=r"form='ito' needs D as a number or one value per cell \(n = 4\)"
    ):
        fl.solve_steady(g, np.ones(5), right=fl.Fixed(0.0), form="ito")
    with pytest.raises(FluxInputError, match=r"form='ito' needs D .* not a callable D\(c\)"):
        fl.solve_steady(g, lambda c: 1 + c, right=fl.Fixed(0.0), form="ito")
    with pytest.raises(FluxInputError, match=r"w \(the coefficient inside the derivative\) must be positive"):
        ito_velocity(g, [1.0, -1.0, 1.0, 1.0])
    with pytest.raises(FluxInputError, match=r"w at the right face must be positive, got 0"):
        ito_velocity(g, 1.0, right=0.0)


# ---------------------------------------------------------------- data that change in time
def test_time_dependent_fixed_robin_and_source_exact():
    """c = t + t^2 x solves c_t = D c_xx + s with s = 1 + 2 t x: linear in x (exact in space for
    Fixed and Robin ends) and quadratic in t with a right-hand side linear in t (exact for
    Crank-Nicolson, whose trapezoid integrates it exactly)."""
    D, hR = 0.7, 2.0
    g = fl.Grid.from_faces([0.0, 0.1, 0.35, 0.5, 0.8, 1.0])
    right = fl.Robin(hR, lambda t: t + t**2 + D * t**2 / hR)  # inward D c_x(1) = h (c_ext - c(1))
    sol = fl.solve_transient(
        g,
        D,
        0.0,
        [0.0, 0.3, 1.0],
        left=fl.Fixed(lambda t: t),
        right=right,
        source=lambda x, t: 1 + 2 * t * x,
        dt=0.1,
    )
    for k, t in enumerate(sol.t):
        np.testing.assert_allclose(sol.c[k], t + t**2 * g.centers, rtol=0, atol=1e-13)
        np.testing.assert_allclose(sol.flux[k], -D * t**2, rtol=0, atol=1e-12)
    b = sol.budget
    np.testing.assert_allclose(b.source, 1 + sol.t, rtol=1e-14)  # sum V s = 1 + t
    # cumulative source: int_0^t (1 + t) dt, exact for the trapezoid
    np.testing.assert_allclose(b.cumulative_source, sol.t + sol.t**2 / 2, rtol=1e-14)
    assert np.max(np.abs(b.cumulative_imbalance)) < 1e-14


def test_time_dependent_flux_ends_exact():
    """c = x^2 + 2 D t + t^2 x: source 2 t x, inward fluxes -D t^2 (left), D (2 + t^2) (right)."""
    D = 0.4
    g = fl.Grid.uniform(0.0, 1.0, 7)
    sol = fl.solve_transient(
        g,
        D,
        lambda x: x**2,
        np.linspace(0.0, 1.0, 5),
        left=fl.Flux(lambda t: -D * t**2),
        right=fl.Flux(lambda t: D * (2 + t**2)),
        source=lambda x, t: 2 * t * x,
        dt=0.05,
    )
    x = g.centers
    for k, t in enumerate(sol.t):
        np.testing.assert_allclose(sol.c[k], x**2 + 2 * D * t + t**2 * x, rtol=0, atol=1e-13)
    assert np.max(np.abs(sol.budget.cumulative_imbalance)) < 1e-14


def test_time_dependent_boundary_second_order_in_time():
    """A sinusoidal wall temperature (Stokes' problem on a long slab): halving dt and dx
    quarters the error against the exact periodic solution after the transient dies out."""

    def err(n, dt):
        L, om, D = 6.0, 2 * np.pi, 1.0
        k = math.sqrt(om / (2 * D))
        g = fl.Grid.uniform(0.0, L, n)
        x = g.centers

        def exact(t):
            return np.exp(-k * x) * np.sin(om * t - k * x)

        sol = fl.solve_transient(
            g, D, exact(4.0), [4.0, 5.0], left=fl.Fixed(lambda t: math.sin(om * t)), right=fl.Flux(0.0), dt=dt
        )
        return np.max(np.abs(sol.c[-1] - exact(5.0)))

    e1, e2 = err(60, 0.02), err(120, 0.01)
    assert observed_order(e1, e2) == pytest.approx(2.0, abs=0.3)


def test_time_dependent_input_errors():
    g = fl.Grid.uniform(0.0, 1.0, 4)
    with pytest.raises(
        FluxInputError, match=r"time-dependent boundary values or sources .* use solve_transient"
    ):
        fl.solve_steady(g, 1.0, left=fl.Fixed(lambda t: t), right=fl.Fixed(0.0))
    with pytest.raises(FluxInputError, match=r"time-dependent .* no steady state"):
        fl.solve_steady(g, 1.0, right=fl.Fixed(0.0), source=lambda x, t: x * t)
    with pytest.raises(FluxInputError, match=r"Fixed value at t = 0.5 must be finite, got nan"):
        fl.solve_transient(
            g, 1.0, 0.0, [0.0, 1.0], left=fl.Fixed(lambda t: np.nan if t > 0.4 else 0.0), dt=0.5
        )
    with pytest.raises(
        FluxInputError, match=r"Robin c_ext\(t\) must return one number, got an array of shape \(2,\)"
    ):
        fl.solve_transient(g, 1.0, 0.0, [0.0, 1.0], right=fl.Robin(1.0, lambda t: [t, t]))
    with pytest.raises(FluxInputError, match=r"source\(x, t\) must have one value per cell \(4\)"):
        fl.solve_transient(g, 1.0, 0.0, [0.0, 1.0], right=fl.Fixed(0.0), source=lambda x, t: np.ones(3))
    axis = fl.Grid.uniform(0.0, 1.0, 4, geometry="cylindrical")
    with pytest.raises(FluxInputError, match=r"a nonzero flux Flux\(j\(t\)\) at r = 0 .* singular"):
        fl.solve_transient(axis, 1.0, 0.0, [0.0, 1.0], left=fl.Flux(lambda t: t))


# ---------------------------------------------------------------- D(c, x)
def _dcx_error(n):
    """-(D c')' = 0 with D = e^x (1 + c), c(0) = 1, c(1) = 0: the Kirchhoff potential
    Phi = c + c^2/2 obeys e^x Phi' = const, so Phi = 3/2 (e^{-x} - e^{-1}) / (1 - e^{-1})."""
    g = fl.Grid.uniform(0.0, 1.0, n)
    res = fl.solve_steady(g, lambda c, x: np.exp(x) * (1 + c), left=fl.Fixed(1.0), right=fl.Fixed(0.0))
    phi = 1.5 * (np.exp(-g.centers) - math.exp(-1)) / (1 - math.exp(-1))
    exact = -1 + np.sqrt(1 + 2 * phi)
    J = 1.5 / (1 - math.exp(-1))  # e^x Phi' = -J
    return np.max(np.abs(res.c - exact)), abs(res.flux[0] - J) / J, res


def test_D_of_c_and_x_second_order():
    e1, f1, _ = _dcx_error(20)
    e2, f2, res = _dcx_error(40)
    assert observed_order(e1, e2) == pytest.approx(2.0, abs=0.15)
    assert observed_order(f1, f2) == pytest.approx(2.0, abs=0.2)
    assert abs(res.budget.imbalance) < 1e-12


def test_D_of_c_and_x_without_x_is_kirchhoff_exact():
    """A D(c, x) that ignores x gives the D(c) scheme, exact at the nodes (Phi linear)."""
    g = fl.Grid.uniform(0.0, 1.0, 9)
    a = fl.solve_steady(g, lambda c, x: 1 + 2 * c + 0 * x, left=fl.Fixed(1.0), right=fl.Fixed(0.0))
    b = fl.solve_steady(g, lambda c: 1 + 2 * c, left=fl.Fixed(1.0), right=fl.Fixed(0.0))
    np.testing.assert_allclose(a.c, b.c, rtol=1e-13)
    phi = 2.0 * (1 - g.centers)  # Phi = c + c^2, Phi(0) = 2, Phi(1) = 0
    np.testing.assert_allclose(a.c, (-1 + np.sqrt(1 + 4 * phi)) / 2, rtol=1e-12)


def test_D_of_c_and_x_transient_budget_and_error():
    g = fl.Grid.uniform(0.0, 2.0, 30, geometry="cylindrical")
    sol = fl.solve_transient(
        g,
        lambda c, r: (1 + r) * (0.5 + c**2),
        lambda r: np.exp(-(r**2)),
        [0.0, 0.5],
        right=fl.Robin(1.0, 0.2),
    )
    assert abs(sol.budget.cumulative_imbalance[-1]) < 1e-13
    with pytest.raises(
        FluxInputError, match=r"D\(c\) must be positive and finite, got D = -\S+ at c = \S+, x = "
    ):
        fl.solve_steady(g, lambda c, r: 1 - r, right=fl.Fixed(0.0))


def test_keyword_only_options():
    g = fl.Grid.uniform(0.0, 1.0, 4)
    with pytest.raises(TypeError):
        fl.solve_steady(g, 1.0, fl.Fixed(0.0))  # type: ignore[misc]


def test_public_flux_components_match_the_solver():
    g = fl.Grid.uniform(0.5, 2.0, 15, geometry="spherical")
    kw = dict(left=fl.Robin(3.0, 1.0), right=fl.Flux(-0.2), velocity=lambda r: 1.0 / r)
    res = fl.solve_steady(g, 0.6, **kw)
    dif, dri = fl.fv.flux_components(g, 0.6, res.c, res.flux, **kw)
    # equal up to the round-off of converting flux densities to rates and back
    np.testing.assert_allclose(dif, res.diffusive_flux, rtol=1e-14)
    np.testing.assert_allclose(dri, res.drift_flux, rtol=1e-14)
    with pytest.raises(
        FluxInputError, match=r"flux must have one value per face \(16\), got array of shape \(15,\)"
    ):
        fl.fv.flux_components(g, 0.6, res.c, res.flux[:-1], **kw)
