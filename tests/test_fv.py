"""Tests of the finite-volume core: exact solutions, orders of accuracy, budgets, errors."""

from __future__ import annotations

import numpy as np
import pytest

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.fv import Budget, bernoulli


def observed_order(err_coarse, err_fine, ratio=2.0):
    return np.log(err_coarse / err_fine) / np.log(ratio)


# ----------------------------------------------------------------------------- grid
def test_grid_geometry_quantities():
    g = fl.Grid.from_faces([1.0, 1.5, 3.0], geometry="spherical")
    assert g.n == 2
    np.testing.assert_allclose(g.centers, [1.25, 2.25])
    np.testing.assert_allclose(g.widths, [0.5, 1.5])
    np.testing.assert_allclose(g.volumes, [(1.5**3 - 1) / 3, (27 - 1.5**3) / 3])
    np.testing.assert_allclose(g.areas, [1.0, 2.25, 9.0])
    c = fl.Grid.uniform(0.0, 2.0, 4, geometry="cylindrical")
    np.testing.assert_allclose(c.volumes, np.diff(c.faces**2) / 2)
    np.testing.assert_allclose(c.areas, c.faces)
    x = fl.Grid.uniform(-1.0, 1.0, 4)
    np.testing.assert_allclose(x.volumes, 0.5)
    np.testing.assert_allclose(x.areas, 1.0)
    # volumes sum to the whole domain
    assert np.isclose(g.volumes.sum(), (27 - 1) / 3)


def test_grid_arrays_are_read_only():
    g = fl.Grid.uniform(0, 1, 3)
    with pytest.raises(ValueError):
        g.faces[0] = 5.0


# ------------------------------------------------------------------ exact solutions
def test_linear_profile_cartesian_exact():
    g = fl.Grid.from_faces([0.0, 0.1, 0.15, 0.5, 0.9, 1.0])
    res = fl.solve_steady(g, 2.0, left=fl.Fixed(3.0), right=fl.Fixed(1.0))
    np.testing.assert_allclose(res.c, 3.0 - 2.0 * g.centers, rtol=0, atol=1e-14)
    np.testing.assert_allclose(res.flux, 4.0, rtol=1e-13)
    assert res.iterations == 1
    assert abs(res.budget.imbalance) < 1e-12


def test_flux_boundary_convention_is_inward():
    g = fl.Grid.uniform(0.0, 1.0, 8)
    # 2 units per area per time enter at the left, leave through the fixed right end
    res = fl.solve_steady(g, 1.0, left=fl.Flux(2.0), right=fl.Fixed(0.0))
    np.testing.assert_allclose(res.flux, 2.0, rtol=1e-12)  # flows toward +x
    np.testing.assert_allclose(res.c, 2.0 * (1.0 - g.centers), atol=1e-13)
    assert res.budget.inflow_left == pytest.approx(2.0)
    assert res.budget.inflow_right == pytest.approx(-2.0)
    # inward at the right end means toward -x
    res = fl.solve_steady(g, 1.0, left=fl.Fixed(0.0), right=fl.Flux(2.0))
    np.testing.assert_allclose(res.flux, -2.0, rtol=1e-12)
    np.testing.assert_allclose(res.c, 2.0 * g.centers, atol=1e-13)
    assert res.budget.inflow_right == pytest.approx(2.0)


def test_robin_series_resistance_exact():
    # slab of length 1, D = 2, exchange h = 4 with c_ext = 1 on the left, fixed 0 right
    g = fl.Grid.uniform(0.0, 1.0, 7)
    res = fl.solve_steady(g, 2.0, left=fl.Robin(4.0, 1.0), right=fl.Fixed(0.0))
    q = 1.0 / (1 / 4.0 + 1 / 2.0)
    np.testing.assert_allclose(res.flux, q, rtol=1e-13)
    cb = 1.0 - q / 4.0  # boundary value
    np.testing.assert_allclose(res.c, cb - q / 2.0 * g.centers, atol=1e-14)


@pytest.mark.parametrize(
    ("geometry", "profile", "A", "exact_flux"),
    [
        ("cylindrical", np.log, 1, lambda r, D: -D / r),
        ("spherical", lambda r: 1.0 / r, 2, lambda r, D: D / r**2),
    ],
)
def test_radial_profiles_exact(geometry, profile, A, exact_flux):
    rng = np.random.default_rng(1)
    faces = np.sort(np.r_[0.5, 3.0, rng.uniform(0.5, 3.0, 30)])
    g = fl.Grid.from_faces(faces, geometry=geometry)
    D = 1.7
    res = fl.solve_steady(g, D, left=fl.Fixed(profile(0.5)), right=fl.Fixed(profile(3.0)))
    np.testing.assert_allclose(res.c, profile(g.centers), rtol=0, atol=1e-13)
    np.testing.assert_allclose(res.flux, exact_flux(g.faces, D), rtol=1e-12)
    # rate through every face is the same number
    rate = res.flux * g.areas
    np.testing.assert_allclose(rate, rate[0], rtol=1e-12)


def test_uniform_source_parabola():
    """-D c'' = s with c = 0 at both ends. Interior fluxes are exact; the half-cell boundary
    flux carries a known O(h^2) error which shifts every node by exactly s h^2 / (8 D)."""
    D, s = 1.5, 3.0
    for n in (5, 40):
        g = fl.Grid.uniform(0.0, 2.0, n)
        res = fl.solve_steady(g, D, left=fl.Fixed(0.0), right=fl.Fixed(0.0), source=s)
        x = g.centers
        exact = s * x * (2.0 - x) / (2 * D)
        h = g.widths[0]
        np.testing.assert_allclose(res.c - exact, s * h**2 / (8 * D), rtol=1e-10)
        np.testing.assert_allclose(res.flux, s * (g.faces - 1.0), atol=1e-12)
        assert res.budget.source == pytest.approx(2.0 * s)
        assert abs(res.budget.imbalance) < 1e-12 * 2 * s


def test_uniform_source_parabola_flux_end_exact():
    """With an insulated end and a fixed end the parabola is reproduced up to the same
    shift, and the flux is exact at every face."""
    D, s = 1.0, 2.0
    g = fl.Grid.uniform(0.0, 1.0, 16)
    res = fl.solve_steady(g, D, left=fl.Flux(0.0), right=fl.Fixed(0.0), source=s)
    np.testing.assert_allclose(res.flux, s * g.faces, atol=1e-13)


def test_composite_wall_exact():
    # three layers, thicknesses and conductivities; temperature difference 30
    L = np.array([0.02, 0.1, 0.05])
    k = np.array([0.8, 0.04, 1.7])
    cells_per_layer = 4
    faces = np.concatenate([[0.0], *[np.cumsum(L)[i] - L[i] + np.linspace(0, L[i], 5)[1:] for i in range(3)]])
    g = fl.Grid.from_faces(faces)
    D = np.repeat(k, cells_per_layer)
    res = fl.solve_steady(g, D, left=fl.Fixed(40.0), right=fl.Fixed(10.0))
    q = 30.0 / np.sum(L / k)
    np.testing.assert_allclose(res.flux, q, rtol=1e-12)


def test_composite_cylinder_exact():
    # insulated pipe: two shells, series resistance ln(r2/r1)/k per radian
    r = np.array([1.0, 1.2, 2.0])
    k = np.array([10.0, 0.05])
    faces = np.r_[np.linspace(1.0, 1.2, 6), np.linspace(1.2, 2.0, 9)[1:]]
    g = fl.Grid.from_faces(faces, geometry="cylindrical")
    D = np.r_[np.full(5, k[0]), np.full(8, k[1])]
    res = fl.solve_steady(g, D, left=fl.Fixed(100.0), right=fl.Fixed(20.0))
    Q = 80.0 / np.sum(np.log(r[1:] / r[:-1]) / k)
    # conductivity contrast 200: the thin copper layer drops only ~0.1 degree, so round-off in
    # c_i - c_{i+1} there is amplified; 1e-10 is still far below any discretisation error
    np.testing.assert_allclose(res.flux * g.areas, Q, rtol=1e-10)


def test_face_valued_D():
    g = fl.Grid.uniform(0.0, 1.0, 6)
    Df = np.linspace(1.0, 2.0, 7)
    res = fl.solve_steady(g, Df, left=fl.Fixed(1.0), right=fl.Fixed(0.0))
    assert abs(res.budget.imbalance) < 1e-13
    np.testing.assert_allclose(res.flux, res.flux[0], rtol=1e-12)
    # with constant face D it agrees with the scalar
    r1 = fl.solve_steady(g, np.full(7, 2.0), left=fl.Fixed(1.0), right=fl.Fixed(0.0))
    r2 = fl.solve_steady(g, 2.0, left=fl.Fixed(1.0), right=fl.Fixed(0.0))
    np.testing.assert_allclose(r1.c, r2.c, atol=1e-15)


def test_symmetry_at_r0_allowed():
    g = fl.Grid.uniform(0.0, 1.0, 10, geometry="spherical")
    res = fl.solve_steady(g, 1.0, left=fl.Flux(0.0), right=fl.Fixed(0.0), source=6.0)
    assert res.flux[0] == 0.0
    assert np.all(np.isfinite(res.c))
    assert abs(res.budget.imbalance) < 1e-12 * 2.0


# ------------------------------------------------------------------ orders of accuracy
def _sin_source_error(n):
    g = fl.Grid.uniform(0.0, 1.0, n)
    res = fl.solve_steady(
        g, 1.0, left=fl.Fixed(0.0), right=fl.Fixed(0.0), source=lambda x: np.pi**2 * np.sin(np.pi * x)
    )
    return np.max(np.abs(res.c - np.sin(np.pi * g.centers)))


def test_order_variable_source_cartesian():
    p = observed_order(_sin_source_error(40), _sin_source_error(80))
    assert 1.9 < p < 2.1


def _nonuniform(n, a, b, geometry):
    s = np.linspace(0.0, 1.0, n + 1)
    faces = a + (b - a) * (s + 0.15 * np.sin(np.pi * s) ** 2 * (1 - s))  # smooth stretching
    return fl.Grid.from_faces(faces, geometry=geometry)


@pytest.mark.parametrize(("geometry", "s"), [("cylindrical", 4.0), ("spherical", 6.0)])
@pytest.mark.parametrize("a", [0.0, 0.3])
def test_order_radial_with_source(geometry, s, a):
    # c = 1 - r^2 solves -(1/r^k) (r^k c')' = s
    errs = []
    for n in (20, 40):
        g = _nonuniform(n, a, 1.0, geometry)
        left = fl.Flux(0.0) if a == 0 else fl.Fixed(1 - a**2)
        res = fl.solve_steady(g, 1.0, left=left, right=fl.Fixed(0.0), source=s)
        errs.append(np.max(np.abs(res.c - (1 - g.centers**2))))
    assert 1.8 < observed_order(*errs) < 2.3


def test_nonlinear_kirchhoff_cartesian_exact():
    """D = D0 (1 + beta c): Phi = D0 (c + beta c^2/2) is linear in x. The integral-mean face
    D makes the discrete flux the exact difference of Phi, so nodes are exact."""
    D0, beta = 0.7, 3.0
    g = fl.Grid.from_faces(np.sort(np.r_[0, 1, np.random.default_rng(3).uniform(0, 1, 25)]))
    res = fl.solve_steady(g, lambda c: D0 * (1 + beta * c), left=fl.Fixed(2.0), right=fl.Fixed(0.5))

    def Phi(c):
        return D0 * (c + beta * c**2 / 2)

    P = Phi(2.0) + (Phi(0.5) - Phi(2.0)) * g.centers
    exact = (-1 + np.sqrt(1 + 2 * beta * P / D0)) / beta
    np.testing.assert_allclose(res.c, exact, rtol=1e-11)
    np.testing.assert_allclose(res.flux, Phi(2.0) - Phi(0.5), rtol=1e-10)
    assert 2 <= res.iterations <= 10
    assert res.residual < 1e-10


@pytest.mark.parametrize("geometry", ["cylindrical", "spherical"])
def test_order_nonlinear_radial(geometry):
    # Phi = 1 - r^2 with D = 1 + c, Phi = c + c^2/2 ; source from -(1/r^k)(r^k Phi')' = 2(k+1)
    k = 1 if geometry == "cylindrical" else 2
    errs = []
    for n in (16, 32):
        g = fl.Grid.uniform(0.0, 1.0, n, geometry=geometry)
        res = fl.solve_steady(g, lambda c: 1 + c, left=fl.Flux(0), right=fl.Fixed(0.0), source=2 * (k + 1))
        exact = -1 + np.sqrt(1 + 2 * (1 - g.centers**2))
        errs.append(np.max(np.abs(res.c - exact)))
        assert abs(res.budget.imbalance) < 1e-11
    assert 1.8 < observed_order(*errs) < 2.3


def test_nonlinear_robin_exact():
    """D = 1 + c with a Robin end: the face value is found from the exchange balance with the
    integral-mean D over the half cell, so the Kirchhoff solution stays exact (cartesian)."""
    from scipy.optimize import brentq

    def Phi(c):
        return c + c**2 / 2

    # q = h (3 - c_b) = Phi(c_b) - Phi(0) over unit length
    cb = brentq(lambda x: 2.0 * (3.0 - x) - Phi(x), 0, 3)
    q = 2.0 * (3.0 - cb)
    for n in (3, 20):
        g = fl.Grid.uniform(0, 1, n)
        res = fl.solve_steady(g, lambda c: 1 + c, left=fl.Robin(2.0, 3.0), right=fl.Fixed(0.0))
        np.testing.assert_allclose(res.flux, q, rtol=1e-11)
        exact = -1 + np.sqrt(1 + 2 * Phi(cb) * (1 - g.centers))
        np.testing.assert_allclose(res.c, exact, rtol=1e-11)


# ------------------------------------------------------------------ Scharfetter-Gummel
def test_bernoulli_function():
    z = np.array([-800.0, -50.0, -1.0, -1e-4, 0.0, 1e-4, 1e-3, 1.0, 50.0, 800.0])
    with np.errstate(all="raise"):
        B = bernoulli(z)
    ref = np.array([800.0, 50 / (1 - np.exp(-50)), 1 / (1 - np.exp(-1)), 0, 1.0, 0, 0, 1 / np.expm1(1), 0, 0])
    ref[3] = -1e-4 / np.expm1(-1e-4)
    ref[5] = 1e-4 / np.expm1(1e-4)
    ref[6] = 1e-3 / np.expm1(1e-3)
    ref[8] = 50 / np.expm1(50)
    np.testing.assert_allclose(B, ref, rtol=1e-14, atol=0)
    # identity B(-z) = B(z) + z
    zz = np.linspace(-30, 30, 301)
    np.testing.assert_allclose(bernoulli(-zz), bernoulli(zz) + zz, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("geometry", ["cartesian", "cylindrical", "spherical"])
def test_sg_boltzmann_exact(geometry):
    """Zero net flux (insulated left, fixed right): c = exp(v (x - b)/D) at the nodes,
    over a factor e^4, on a random non-uniform grid (see the next test for wide ranges)."""
    rng = np.random.default_rng(7)
    faces = np.sort(np.r_[1.0, 2.0, rng.uniform(1.0, 2.0, 40)])
    g = fl.Grid.from_faces(faces, geometry=geometry)
    v, D = 1.6, 0.4
    res = fl.solve_steady(g, D, left=fl.Flux(0.0), right=fl.Fixed(1.0), velocity=v)
    exact = np.exp(v * (g.centers - 2.0) / D)
    np.testing.assert_allclose(res.c, exact, rtol=1e-12)
    assert np.max(np.abs(res.flux)) < 1e-13 * abs(v)


@pytest.mark.parametrize("geometry", ["cartesian", "spherical"])
def test_sg_boltzmann_wide_range(geometry):
    """Over eight decades the scheme is still exact, but round-off of relative size eps in the
    large-c cells is an absolute perturbation eps * c_max that reaches the small-c cells, so
    the attainable relative accuracy there is ~ eps * c_max / c_min (conditioning, not scheme)."""
    rng = np.random.default_rng(7)
    faces = np.sort(np.r_[1.0, 2.0, rng.uniform(1.0, 2.0, 40)])
    g = fl.Grid.from_faces(faces, geometry=geometry)
    for v in (-8.0, -2.0, 8.0):
        res = fl.solve_steady(g, 0.4, left=fl.Flux(0.0), right=fl.Fixed(1.0), velocity=v)
        exact = np.exp(v * (g.centers - 2.0) / 0.4)
        bound = 50 * np.finfo(float).eps * exact.max() / exact.min()
        assert np.max(np.abs(res.c / exact - 1)) < bound


def test_sg_boltzmann_fixed_content():
    """Insulated at both ends, transient relaxation conserves content and reaches exp(v x / D)."""
    g = fl.Grid.uniform(0.0, 1.0, 30)
    v, D = -3.0, 0.5
    sol = fl.solve_transient(g, D, 1.0, [0.0, 30.0], velocity=v, method="backward-euler", dt=1.0)
    shape = np.exp(v * g.centers / D)
    # the shape is exact; the amount is conserved to round-off (checked separately)
    expected = shape * sol.budget.content[-1] / np.sum(shape * g.volumes)
    np.testing.assert_allclose(sol.c[-1], expected, rtol=1e-12)
    np.testing.assert_allclose(sol.budget.content[-1], sol.budget.content[0], rtol=1e-12)


def test_sg_boltzmann_layered():
    """Layered D: equilibrium c ~ exp(int v/D dx) with piecewise D, exact at nodes."""
    faces = np.linspace(0.0, 1.0, 21)
    g = fl.Grid.from_faces(faces)
    D = np.where(g.centers < 0.5, 0.5, 2.0)
    v = 3.0
    res = fl.solve_steady(g, D, left=fl.Fixed(1.0), right=fl.Flux(0.0), velocity=v)
    x = g.centers
    phase = np.where(x < 0.5, v * x / 0.5, v * 0.5 / 0.5 + v * (x - 0.5) / 2.0)
    np.testing.assert_allclose(res.c, np.exp(phase), rtol=1e-12)


def test_sg_large_peclet_positive():
    g = fl.Grid.uniform(0.0, 1.0, 50)
    with np.errstate(over="raise", invalid="raise"):
        res = fl.solve_steady(g, 1e-4, left=fl.Fixed(1.0), right=fl.Fixed(0.0), velocity=50.0, source=0.0)
    assert np.all(res.c >= 0)
    assert np.all(np.isfinite(res.c))
    # upwinded: the outflow equals the advective flux v c of the upstream value
    np.testing.assert_allclose(res.flux[1:-1], 50.0 * res.c[:-1], rtol=1e-10)


def test_drift_matches_advection_diffusion_exact():
    # -D c'' + v c' = 0, c(0)=0, c(1)=1 : c = (exp(Pe x)-1)/(exp(Pe)-1); SG nodally exact (uniform)
    D, v = 0.1, 1.0
    g = fl.Grid.uniform(0.0, 1.0, 20)
    res = fl.solve_steady(g, D, left=fl.Fixed(0.0), right=fl.Fixed(1.0), velocity=v)
    Pe = v / D
    exact = np.expm1(Pe * g.centers) / np.expm1(Pe)
    np.testing.assert_allclose(res.c, exact, rtol=1e-11, atol=1e-14)


# ------------------------------------------------------------------ transient
def _sin_mode_error(n, dt, method, t_end=0.1):
    g = fl.Grid.uniform(0.0, 1.0, n)
    sol = fl.solve_transient(
        g,
        1.0,
        lambda x: np.sin(np.pi * x),
        [0.0, t_end],
        left=fl.Fixed(0.0),
        right=fl.Fixed(0.0),
        method=method,
        dt=dt,
    )
    exact = np.exp(-(np.pi**2) * t_end) * np.sin(np.pi * g.centers)
    return np.max(np.abs(sol.c[-1] - exact)), sol


def test_crank_nicolson_second_order_space_time():
    e1, _ = _sin_mode_error(40, 0.01, "crank-nicolson")
    e2, _ = _sin_mode_error(80, 0.005, "crank-nicolson")
    assert 1.85 < observed_order(e1, e2) < 2.15


def test_backward_euler_first_order_time():
    e1, _ = _sin_mode_error(400, 0.01, "backward-euler")
    e2, _ = _sin_mode_error(400, 0.005, "backward-euler")
    assert 0.9 < observed_order(e1, e2) < 1.1


def test_transient_lands_on_times_and_shapes():
    g = fl.Grid.uniform(0.0, 1.0, 10)
    times = [0.0, 0.013, 0.05, 0.3]
    sol = fl.solve_transient(g, 1.0, 1.0, times, left=fl.Fixed(0.0), dt=0.01)
    np.testing.assert_array_equal(sol.t, times)
    assert sol.c.shape == (4, 10)
    assert sol.flux.shape == (4, 11)
    np.testing.assert_allclose(sol.c[0], 1.0)
    # 2 + 4 + 25 steps
    assert sol.steps == 2 + 4 + 25
    # default dt also works and decays toward zero
    sol2 = fl.solve_transient(g, 1.0, 1.0, [0, 5.0], left=fl.Fixed(0.0), method="backward-euler")
    assert np.max(np.abs(sol2.c[-1])) < 1e-3


def test_transient_approaches_steady():
    g = fl.Grid.uniform(0.0, 1.0, 20, geometry="cylindrical")
    kw = dict(left=fl.Flux(0.0), right=fl.Robin(3.0, 1.0), source=2.0)
    st = fl.solve_steady(g, 0.5, **kw)
    sol = fl.solve_transient(g, 0.5, 0.0, [0.0, 20.0], method="backward-euler", dt=0.05, **kw)
    np.testing.assert_allclose(sol.c[-1], st.c, rtol=1e-8)


def test_transient_budget_exact_sin_mode():
    _, sol = _sin_mode_error(50, 0.004, "crank-nicolson")
    b = sol.budget
    assert b.content[0] > 0
    assert abs(b.cumulative_imbalance[-1]) < 1e-12 * b.content[0]
    assert np.allclose(b.net_in, b.cumulative_left + b.cumulative_right + b.cumulative_source)
    assert "the books balance" in str(b)


def test_transient_nonlinear_budget_and_accuracy():
    g = fl.Grid.uniform(0.0, 1.0, 30)

    def D(c):
        return 0.5 * (1 + c**2)

    sol = fl.solve_transient(
        g,
        D,
        lambda x: 1 + np.cos(np.pi * x),
        np.linspace(0, 0.2, 5),
        left=fl.Robin(1.0, 2.0),
        right=fl.Flux(0.3),
        source=lambda x: x,
        dt=0.005,
    )
    b = sol.budget
    assert sol.iterations > 0
    assert np.max(np.abs(b.cumulative_imbalance)) < 1e-12 * np.max(np.abs(b.content))
    # compare with a finer time step: CN is second order in time for smooth data
    fine = fl.solve_transient(
        g,
        D,
        lambda x: 1 + np.cos(np.pi * x),
        [0, 0.2],
        left=fl.Robin(1.0, 2.0),
        right=fl.Flux(0.3),
        source=lambda x: x,
        dt=0.0025,
    )
    finer = fl.solve_transient(
        g,
        D,
        lambda x: 1 + np.cos(np.pi * x),
        [0, 0.2],
        left=fl.Robin(1.0, 2.0),
        right=fl.Flux(0.3),
        source=lambda x: x,
        dt=0.00125,
    )
    e1 = np.max(np.abs(sol.c[-1] - finer.c[-1]))
    e2 = np.max(np.abs(fine.c[-1] - finer.c[-1]))
    # e1/e2 = (dt^2 - dt/4^2)/((dt/2)^2 - (dt/4)^2) = 5 for a second-order method
    assert 4.0 < e1 / e2 < 6.0


def test_transient_insulated_conserves_content():
    g = fl.Grid.uniform(0.5, 2.0, 25, geometry="spherical")
    sol = fl.solve_transient(g, 1.0, lambda r: np.exp(-((r - 1) ** 2) * 20), np.linspace(0, 1, 6))
    np.testing.assert_allclose(sol.budget.content, sol.budget.content[0], rtol=1e-13)
    # uniform at late time
    assert np.ptp(sol.c[-1]) < 1e-2 * np.max(sol.c[0])


# ------------------------------------------------------------------ budgets
def test_steady_budget_summary_and_fields():
    g = fl.Grid.uniform(0.0, 1.0, 10)
    res = fl.solve_steady(g, 1.0, left=fl.Fixed(0.0), right=fl.Fixed(0.0), source=1.0)
    b = res.budget
    assert isinstance(b, Budget)
    assert b.storage == 0.0
    assert b.inflow_left == pytest.approx(-0.5)
    assert b.inflow_right == pytest.approx(-0.5)
    assert b.source == pytest.approx(1.0)
    assert b.imbalance == b.inflow_left + b.inflow_right + b.source - b.storage
    assert abs(b.imbalance) < 1e-14
    text = str(b)
    assert text.startswith("in at left -0.5, in at right -0.5, sources 1, change in content 0")
    assert "the books balance to" in text
    assert text == b.summary()


def test_transient_budget_arrays():
    g = fl.Grid.uniform(0.0, 1.0, 10)
    sol = fl.solve_transient(g, 1.0, 0.0, [0, 0.1, 0.2], left=fl.Fixed(1.0), source=0.5)
    b = sol.budget
    for arr in (b.inflow_left, b.inflow_right, b.source, b.storage, b.imbalance, b.content, b.net_in):
        assert arr.shape == (3,)
    assert np.max(np.abs(b.imbalance)) < 1e-12 * np.max(np.abs(b.inflow_left))
    assert str(b).startswith("from t = 0 to 0.2: in at left ")


# ------------------------------------------------------------------ input errors
def _g(n=10, geometry="cartesian", a=0.0):
    return fl.Grid.uniform(a, 1.0 + a, n, geometry=geometry)


@pytest.mark.parametrize(
    ("D", "match"),
    [
        (-1.0, r"D must be positive, got -1"),
        (0.0, r"D must be positive, got 0"),
        (np.r_[np.ones(9), -2.0], r"D must be positive, got -2 at index 9"),
        (np.nan, r"D must be finite, got nan"),
        (np.r_[np.ones(5), np.inf, np.ones(5)], r"D must be finite, got inf at index 5"),
    ],
)
def test_bad_D(D, match):
    with pytest.raises(FluxInputError, match=match):
        fl.solve_steady(_g(), D, left=fl.Fixed(0.0))


def test_D_wrong_length():
    msg = r"D must have one value per face \(n\+1 = 11\) or per cell \(n = 10\), got array of shape \(7,\)"
    with pytest.raises(FluxInputError, match=msg):
        fl.solve_steady(_g(), np.ones(7), left=fl.Fixed(0.0))


def test_D_callable_nonpositive():
    with pytest.raises(FluxInputError, match=r"D\(c\) must be positive and finite, got D = -1 at c = 2"):
        fl.solve_steady(_g(), lambda c: 1 - c, left=fl.Fixed(2.0), right=fl.Fixed(2.0))


def test_newton_nonconvergence():
    with pytest.raises(FluxInputError, match=r"Newton's method for the steady state did not converge in 1 "):
        fl.solve_steady(_g(), lambda c: 1 + c**4, left=fl.Fixed(3.0), right=fl.Fixed(0.0), max_iter=1)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(source=np.nan), r"source must be finite, got nan"),
        (dict(source=np.ones(3)), r"source must have one value per cell \(10\), got array of shape \(3,\)"),
        (dict(source=lambda x: x / 0.0), r"source\(x\) must be finite"),
        (dict(velocity=np.ones(10)), r"velocity must have one value per face \(11\), got array of shape"),
        (dict(velocity=np.inf), r"velocity must be finite, got inf"),
        (dict(tol=-1.0), r"tol must be positive, got -1"),
    ],
)
def test_bad_source_velocity(kwargs, match):
    with np.errstate(divide="ignore", invalid="ignore"), pytest.raises(FluxInputError, match=match):
        fl.solve_steady(_g(), 1.0, left=fl.Fixed(0.0), **kwargs)


def test_faces_not_increasing():
    msg = r"faces must be strictly increasing \(every cell width positive\), got width -0.1 for cell 2"
    with pytest.raises(FluxInputError, match=msg):
        fl.Grid.from_faces([0.0, 0.2, 0.5, 0.4, 1.0])
    with pytest.raises(FluxInputError, match=r"got width 0 for cell 0"):
        fl.Grid.from_faces([0.0, 0.0, 1.0])
    with pytest.raises(FluxInputError, match=r"faces must be finite, got nan at index 1"):
        fl.Grid.from_faces([0.0, np.nan, 1.0])


def test_bad_grid_sizes():
    with pytest.raises(FluxInputError, match=r"n \(the number of cells\) must be at least 1, got 0"):
        fl.Grid.uniform(0.0, 1.0, 0)
    with pytest.raises(FluxInputError, match=r"n \(the number of cells\) must be at least 1, got 0"):
        fl.Grid.from_faces([1.0])
    with pytest.raises(FluxInputError, match=r"n \(the number of cells\) must be an integer, got 2.5"):
        fl.Grid.uniform(0.0, 1.0, 2.5)
    with pytest.raises(FluxInputError, match=r"the grid needs b > a, got a = 1, b = 0"):
        fl.Grid.uniform(1.0, 0.0, 5)


def test_unknown_geometry():
    msg = r"geometry must be one of 'cartesian', 'cylindrical', 'spherical', got 'polar'"
    with pytest.raises(FluxInputError, match=msg):
        fl.Grid.uniform(0.0, 1.0, 5, geometry="polar")


def test_negative_radius():
    with pytest.raises(
        FluxInputError, match=r"a cylindrical grid needs radii r >= 0, got a first face at r = -1"
    ):
        fl.Grid.uniform(-1.0, 1.0, 4, geometry="cylindrical")


@pytest.mark.parametrize("geometry", ["cylindrical", "spherical"])
def test_axis_singular(geometry):
    word = "axis" if geometry == "cylindrical" else "centre"
    g = fl.Grid.uniform(0.0, 1.0, 5, geometry=geometry)
    msg = (
        rf"a fixed value at r = 0 on a {geometry} grid is singular: the face at the {word} has zero area; "
        r"use Flux\(0\) \(symmetry\) or start the grid at r > 0"
    )
    with pytest.raises(FluxInputError, match=msg):
        fl.solve_steady(g, 1.0, left=fl.Fixed(1.0), right=fl.Fixed(0.0))
    with pytest.raises(
        FluxInputError, match=rf"a nonzero flux Flux\(2\) at r = 0 on a {geometry} grid is singular"
    ):
        fl.solve_steady(g, 1.0, left=fl.Flux(2.0), right=fl.Fixed(0.0))
    with pytest.raises(FluxInputError, match=r"a Robin exchange condition at r = 0 .* is singular"):
        fl.solve_transient(g, 1.0, 0.0, [0, 1], left=fl.Robin(1.0, 1.0))


def test_both_flux_singular():
    msg = (
        r"with flux conditions at both ends the steady state is not unique, and exists only if "
        r"inflow \+ sources sum to zero \(they sum to \+3.2\): fix the value at one end"
    )
    with pytest.raises(FluxInputError, match=msg):
        fl.solve_steady(_g(), 1.0, left=fl.Flux(1.0), right=fl.Flux(2.2))
    with pytest.raises(FluxInputError, match=r"\(they sum to \+1\)"):
        fl.solve_steady(_g(), 1.0, source=1.0)  # default boundaries are insulated
    with pytest.raises(FluxInputError, match=r"\(they sum to \+0\)"):
        fl.solve_steady(_g(), 1.0, left=fl.Robin(0.0, 5.0))  # h = 0 is insulated


def test_bad_boundaries():
    with pytest.raises(FluxInputError, match=r"Robin exchange coefficient h must not be negative, got -1"):
        fl.Robin(-1.0, 0.0)
    with pytest.raises(FluxInputError, match=r"Fixed value must be finite, got nan"):
        fl.Fixed(np.nan)
    with pytest.raises(FluxInputError, match=r"Flux j \(inward flux density\) must be finite, got inf"):
        fl.Flux(np.inf)
    msg = r"the left boundary condition must be Fixed\(value\), Flux\(j\) or Robin\(h, c_ext\), got 3.0"
    with pytest.raises(FluxInputError, match=msg):
        fl.solve_steady(_g(), 1.0, left=3.0)
    with pytest.raises(FluxInputError, match=r"grid must be a fluxlib Grid"):
        fl.solve_steady([0, 1, 2], 1.0, left=fl.Fixed(0.0))


def test_bad_transient_inputs():
    g = _g()
    with pytest.raises(
        FluxInputError,
        match=r"times must be strictly increasing, got times\[2\] = 0.1 after times\[1\] = 0.2",
    ):
        fl.solve_transient(g, 1.0, 0.0, [0.0, 0.2, 0.1])
    with pytest.raises(FluxInputError, match=r"c0 must be finite, got nan at index 3"):
        fl.solve_transient(g, 1.0, np.r_[0, 0, 0, np.nan, np.zeros(6)], [0.0, 1.0])
    with pytest.raises(
        FluxInputError, match=r"c0 must have one value per cell \(10\), got array of shape \(4,\)"
    ):
        fl.solve_transient(g, 1.0, np.zeros(4), [0.0, 1.0])
    with pytest.raises(
        FluxInputError, match=r"method must be one of 'crank-nicolson', 'backward-euler', got 'rk4'"
    ):
        fl.solve_transient(g, 1.0, 0.0, [0.0, 1.0], method="rk4")
    with pytest.raises(FluxInputError, match=r"dt must be positive, got 0"):
        fl.solve_transient(g, 1.0, 0.0, [0.0, 1.0], dt=0.0)
    with pytest.raises(FluxInputError, match=r"times must be finite"):
        fl.solve_transient(g, 1.0, 0.0, [0.0, np.inf])
    with pytest.raises(FluxInputError, match=r"D must be positive, got -3"):
        fl.solve_transient(g, -3.0, 0.0, [0.0, 1.0])
    with pytest.raises(FluxInputError, match=r"Newton's method for the step to t = 1 did not converge in 1 "):
        fl.solve_transient(g, lambda c: 1 + c**6, 3.0, [0.0, 1.0], left=fl.Fixed(0.0), dt=1.0, max_iter=1)


def test_errors_are_value_errors():
    with pytest.raises(ValueError):
        fl.solve_steady(_g(), -1.0)


@pytest.mark.parametrize("geometry", ["cartesian", "cylindrical", "spherical"])
def test_newton_jacobian_matches_finite_differences(geometry):
    """The Kirchhoff Jacobian used by Newton (face entries D(c_L)/R and D(c_R)/R, the
    derivatives of Phi(c_L) - Phi(c_R)) agrees with a colour-grouped finite-difference
    Jacobian of the discrete residual, boundaries included: to FD accuracy when the 3-point
    quadrature is exact (D a polynomial of degree <= 5), and otherwise within the derivative
    of the quadrature error, O(dc^6 max|D^(6)|) per face (here dc up to 3)."""
    from fluxlib.fv import _Operator

    rng = np.random.default_rng(0)
    g = fl.Grid.from_faces(np.sort(np.r_[0.5, 2.0, rng.uniform(0.5, 2.0, 10)]), geometry=geometry)
    for D, rel in [(lambda c: 2 + c**2 + 0.1 * c**5, 1e-8), (lambda c: np.exp(0.5 * c) + c**2, 1e-5)]:
        for left, right in [(fl.Fixed(1.0), fl.Robin(2.0, 0.3)), (fl.Robin(0.5, -1.0), fl.Flux(2.0))]:
            op = _Operator(g, D, left, right, 1.0, None)
            c = rng.uniform(-1, 2, g.n)
            ref = op._jacobian_fd(c)
            assert np.max(np.abs(op._jacobian_kirchhoff(c) - ref)) < rel * np.max(np.abs(ref))


@pytest.mark.parametrize("geometry", ["cartesian", "cylindrical", "spherical"])
def test_symmetric_newton_step_equals_general_step(geometry):
    """For D(c) without drift the Jacobian is -T diag(D(c)) with T symmetric: the step solved
    with the symmetric factorisation equals the step of the general banded solve."""
    from fluxlib.fv import _Operator, _solve_banded, _symmetric_newton_step

    rng = np.random.default_rng(5)
    g = fl.Grid.from_faces(np.sort(np.r_[0.5, 2.0, rng.uniform(0.5, 2.0, 12)]), geometry=geometry)
    for left, right in [(fl.Fixed(1.0), fl.Robin(2.0, 0.3)), (fl.Flux(0.4), fl.Fixed(-1.0))]:
        op = _Operator(g, lambda c: 1.5 + np.tanh(c), left, right, 1.0, None)
        c = rng.uniform(-1, 2, g.n)
        r = op.residual(c)
        extra = -g.volumes / 0.1
        J = op.jacobian(c)
        J[1] += extra
        general = _solve_banded(-J, r.copy())
        sym = _symmetric_newton_step(op, c, r, extra)
        np.testing.assert_allclose(sym, general, rtol=1e-9, atol=1e-12 * np.max(np.abs(general)))
