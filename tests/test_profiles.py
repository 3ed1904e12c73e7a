import numpy as np
import pytest

from fluxlib import profiles as P
from fluxlib.errors import FluxInputError

alpha, beta = P.kinetic_energy_factor, P.momentum_factor


def test_exact_factors():
    for kind in ("pipe", "channel"):
        assert alpha(P.plug(kind=kind)) == pytest.approx(1, abs=1e-12)
        assert beta(P.plug(kind=kind)) == pytest.approx(1, abs=1e-12)
    assert alpha(P.poiseuille_pipe()) == pytest.approx(2, abs=1e-10)
    assert beta(P.poiseuille_pipe()) == pytest.approx(4 / 3, abs=1e-10)
    assert alpha(P.poiseuille_channel()) == pytest.approx(54 / 35, abs=1e-10)
    assert beta(P.poiseuille_channel()) == pytest.approx(6 / 5, abs=1e-10)


def test_power_law_limits():
    assert alpha(P.power_law_pipe(1)) == pytest.approx(2, abs=1e-10)
    assert beta(P.power_law_channel(1)) == pytest.approx(6 / 5, abs=1e-10)
    a = [alpha(P.power_law_pipe(n)) for n in (1.0, 0.5, 0.1, 0.01)]
    assert np.all(np.diff(a) < 0) and a[-1] - 1 < 0.03  # alpha - 1 = O(n) as n -> 0
    assert alpha(P.power_law_pipe(0.001)) - 1 < 0.003


@pytest.mark.parametrize("m", [1, 2, 5, 7, 10])
def test_turbulent_pipe_closed_forms(m):
    # <(1-s)^(k/m)> with weight 2 s ds = 2 B(2, 1 + k/m) = 2 m^2 / ((m + k)(2m + k))
    mean = lambda k: 2 * m**2 / ((m + k) * (2 * m + k))  # noqa: E731
    assert P.moment(P.turbulent_pipe(m), 1) == pytest.approx(mean(1), abs=1e-12)
    a_exact = (m + 1) ** 3 * (2 * m + 1) ** 3 / (4 * m**4 * (m + 3) * (2 * m + 3))
    b_exact = (m + 1) * (2 * m + 1) ** 2 / (4 * m**2 * (m + 2))
    assert a_exact == pytest.approx(mean(3) / mean(1) ** 3, rel=1e-14)
    assert alpha(P.turbulent_pipe(m)) == pytest.approx(a_exact, abs=1e-10)
    assert beta(P.turbulent_pipe(m)) == pytest.approx(b_exact, abs=1e-10)


def test_mean_velocity_and_mass_flux():
    p = P.poiseuille_pipe(u_max=2.0, R=0.5)
    assert P.mean_velocity(p) == pytest.approx(1.0, rel=1e-12)
    assert P.mass_flux(p, density=1000) == pytest.approx(1000 * np.pi * 0.25, rel=1e-12)
    c = P.poiseuille_channel(u_max=3.0, h=2.0)
    assert P.mean_velocity(c) == pytest.approx(2.0, rel=1e-12)
    assert c.u(np.array([-1.0, 0.0, 0.5])) == pytest.approx([0.0, 3.0, 2.25])
    assert P.turbulent_pipe(7).u(1.0) == 0.0


def test_errors():
    with pytest.raises(FluxInputError, match="flow behaviour index n must be positive, got 0"):
        P.power_law_pipe(0)
    with pytest.raises(FluxInputError, match="flow behaviour index n must be positive, got -1"):
        P.power_law_channel(-1)
    with pytest.raises(FluxInputError, match="turbulent profile exponent m must be positive, got 0"):
        P.turbulent_pipe(0)
    with pytest.raises(FluxInputError, match="flow behaviour index n must be finite, got nan"):
        P.power_law_pipe(np.nan)
    with pytest.raises(FluxInputError, match="turbulent profile exponent m must be finite, got inf"):
        P.turbulent_pipe(np.inf)
    with pytest.raises(FluxInputError, match=r"position s must lie in the cross-section"):
        P.poiseuille_pipe().u(1.5)
    with pytest.raises(FluxInputError, match="kind must be 'pipe' or 'channel'"):
        P.plug(kind="duct")
