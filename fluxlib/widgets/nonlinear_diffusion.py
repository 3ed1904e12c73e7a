"""Section 2.5: the β panel: a profile that bends while the flux stays the same everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.widgets.base import Choice, Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def kirchhoff_panel(
    *, D0: float = 1e-10, length: float = 100e-6, c_left: float = 100.0, n: int = 24
) -> Panel:
    """Slab with D = D0 (1 + βc) or D0 e^(βc), c = c_left at x = 0 and 0 at x = L.

    Slider: the dimensionless strength β c_left; choice: the law. Left: the exact Kirchhoff
    profile and the finite-volume cells. Right: D(c)/D0, the steepness and their product,
    the flux J/J0 (J0 = D0 c_left / L), which is flat; on a log axis the two factors are
    mirror images about the level sqrt(J/J0), since their logarithms add up to log(J/J0).
    """
    from fluxlib.models.nonlinear_diffusion import LAWS, SlabResult, steady_slab
    from fluxlib.plotting.base import PlotHandle
    from fluxlib.plotting.nonlinear_diffusion import plot_kirchhoff

    def solve(beta_c: float, law: str) -> SlabResult:
        return steady_slab(LAWS[law](D0, beta_c / c_left), length=length, c_left=c_left, c_right=0.0, n=n)

    def setup(fig: Figure) -> PlotHandle:
        # both axes fixed: they cover every slider setting, so no relayout
        return plot_kirchhoff(
            solve(0.0, "linear"), c_range=(-5, 1.05 * c_left), factor_range=(0.02, 200.0), ax=fig
        )

    def update(handle: PlotHandle, beta_c: float, law: str) -> str:
        res = solve(beta_c, law)
        handle.update(res)
        ratio = float(res.law(res.c_left) / res.law(res.c_right))
        head = (
            f"J = {1e3 * res.flux_exact:.3g} mmol/(m² s) at every depth (finite volumes: "
            f"{1e3 * res.flux.min():.4g} to {1e3 * res.flux.max():.4g})."
        )
        if ratio >= 1.0:
            return (
                f"{head} D is {ratio:.3g} times larger at the inlet than at the outlet, so the gradient "
                f"there is {ratio:.3g} times gentler."
            )
        return (
            f"{head} D is {1 / ratio:.3g} times smaller at the inlet than at the outlet, so the gradient "
            f"there is {1 / ratio:.3g} times steeper."
        )

    return Panel(
        controls=[
            Slider("beta_c", "strength β c₁", -0.9, 4.0, 1.0, step=0.1, unit="dimensionless"),
            Choice("law", "law D(c)", ["linear", "exponential"]),
        ],
        setup=setup,
        update=update,
        alt=(
            f"Left: steady concentration across a {length * 1e6:.3g} µm slab, bowed above the straight "
            "constant-D line when D "
            "grows with c, with finite-volume points on the exact Kirchhoff curve. Right: the diffusivity and "
            "the steepness of the profile vary across the slab in opposite ways, while their product, the flux, "
            "stays flat."
        ),
        figsize=(8.5, 3.3),
        frames=11,
    )
