"""Figures for section 2.1: sedimentation equilibrium and an open tank."""

from __future__ import annotations

from fluxlib.plotting.base import color, new_figure


def sediment_axes(fig):
    ax_c, ax_j = fig.subplots(1, 2, sharey=True)
    ax_c.set_xlabel("concentration c / c(floor)")
    ax_c.set_ylabel("height z (mm)")
    ax_j.set_xlabel("flux density / (v_s c(floor)), + upward")
    return ax_c, ax_j


def plot_sediment(res, *, axes=None) -> dict:
    """Concentration against height, and the diffusive, drift and net fluxes against height."""
    if axes is None:
        fig, _ = new_figure(figsize=(8.0, 3.4))
        for a in list(fig.axes):
            fig.delaxes(a)
        axes = sediment_axes(fig)
    ax_c, ax_j = axes
    zmm, fmm = res.z * 1e3, res.faces * 1e3
    (exact,) = ax_c.plot(res.exact, zmm, "--", color=color("black"), lw=1, label="c₀ exp(-z/ℓ)")
    (num,) = ax_c.plot(res.c, zmm, color=color("blue"), lw=2.5, alpha=0.7, label="finite volumes")
    ax_c.set_xlim(0, 1.05)
    ax_c.legend(loc="upper right")
    (dif,) = ax_j.plot(res.diffusive, fmm, color=color("orange"), label="diffusion, -D dc/dz")
    (dri,) = ax_j.plot(res.drift, fmm, color=color("sky"), label="drift, -v_s c")
    (net,) = ax_j.plot(res.net, fmm, color=color("vermillion"), lw=2.5, label="net J")
    ax_j.axvline(0, color="0.5", lw=0.8)
    ax_j.set_xlim(-1.1, 1.1)
    ax_j.legend(loc="upper left", fontsize=8)
    ax_c.set_ylim(0, fmm[-1])
    return {
        "axes": axes,
        "c": num,
        "exact": exact,
        "diffusive": dif,
        "drift": dri,
        "net": net,
        "animated": [exact, num, dif, dri, net],
    }


def update_sediment(artists: dict, res) -> None:
    artists["c"].set_xdata(res.c)
    artists["exact"].set_xdata(res.exact)
    artists["diffusive"].set_xdata(res.diffusive)
    artists["drift"].set_xdata(res.drift)
    artists["net"].set_xdata(res.net)


def plot_tank(res, *, ax=None) -> dict:
    """Water level against time, with the steady level h* = Q²/(2ga²)."""
    if ax is None:
        _, ax = new_figure(figsize=(6.0, 3.0))
    (h,) = ax.plot(res.t / 60, res.h * 100, color=color("blue"), label="level h(t)")
    hs = ax.axhline(
        res.steady_level * 100, ls="--", color=color("vermillion"), lw=1.2, label="steady level h*"
    )
    ax.set_xlabel("time t (min)")
    ax.set_ylabel("water level h (cm)")
    ax.set_ylim(0, 1.15 * max(res.steady_level, res.h.max()) * 100)
    ax.legend(loc="lower right")
    return {"ax": ax, "h": h, "steady": hs, "animated": [h, hs]}
