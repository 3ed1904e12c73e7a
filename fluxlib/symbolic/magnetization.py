"""Section 1.6: bound currents circulate.

A magnetisation M (A/m) is equivalent to a bound current density J_b = ∇×M (A/m²). For a slab
magnetised along z, M = M_z(x, y) ẑ, the bound current lies in the plane:

    J_b = (∂M_z/∂y, -∂M_z/∂x, 0).

The current through a cut across the slab at fixed x (per unit depth in z, A/m) is

    I_b = ∫ J_{b,x} dy = ∫ ∂M_z/∂y dy = M_z(x, y_top) - M_z(x, y_bottom) = 0,

because the magnetisation vanishes outside the material. (In general, by Stokes, the flux of
∇×M through a surface is ∮ M·dl around its rim, which is zero when the rim lies outside.)
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

x, y = sp.symbols("x y", real=True)
a, M0, w = sp.symbols("a M_0 w", positive=True)


def cut_integral() -> Derivation:
    """∫ (∇×M)_x dy across a slab |y| < a, for any M_z(x, y) that vanishes at y = ±a.

    ``result`` is the net bound current through the cut (0). ``extra["general"]`` is the integral
    before the boundary values are used.
    """
    Mf = sp.Function("M_z")
    M = Mf(x, y)
    d = Derivation("Bound current through a cut", symbols={"x": x, "y": y, "a": a, "M": M})
    Jx = sp.diff(M, y)
    Jy = -sp.diff(M, x)
    d.step(
        r"\mathbf{J}_b = \nabla\times M_z\hat{z}",
        sp.Matrix([Jx, Jy, 0]),
        "curl of an out-of-plane M",
    )
    div = sp.simplify(sp.diff(Jx, x) + sp.diff(Jy, y))
    d.step(r"\nabla\cdot\mathbf{J}_b", div, "a curl has no divergence: no charge piles up")
    general = sp.integrate(Jx, (y, -a, a))
    d.step(r"I_b = \int_{-a}^{a} J_{b,x}\,dy", general, "fundamental theorem of calculus")
    net = general.subs({Mf(x, a): 0, Mf(x, -a): 0})
    d.step("I_b", net, "M vanishes at the faces (and beyond)")
    d.extra["general"] = general
    d.extra["J"] = (Jx, Jy)
    return d


def uniform_slab() -> Derivation:
    """A uniformly magnetised slab |y| < a: surface currents ±M₀ on its faces cancel.

    M_z = M₀ [H(y + a) - H(y - a)]. ``result`` is the net current (0); ``extra["top"]`` is the
    current in the upper half, y > 0 (= -M₀, flowing toward -x along the top face).
    """
    M = M0 * (sp.Heaviside(y + a) - sp.Heaviside(y - a))
    d = Derivation("A uniformly magnetised slab", symbols={"y": y, "a": a, "M0": M0})
    d.step("M_z(y)", M, "uniform inside, zero outside")
    Jx = sp.diff(M, y)
    d.step(r"J_{b,x}", Jx, "sheets of current on the two faces")
    top = sp.integrate(Jx, (y, 0, 2 * a))
    bottom = sp.integrate(Jx, (y, -2 * a, 0))
    d.step(r"I_{\rm top}", top, "upper face: current toward -x")
    d.step(r"I_{\rm bottom}", bottom, "lower face: current toward +x")
    net = sp.simplify(top + bottom)
    d.step(r"I_b", net, "they cancel: the loop circulates")
    d.extra.update(top=top, bottom=bottom, J=Jx)
    return d


def smooth_slab() -> Derivation:
    """A smoothly magnetised slab M_z = M₀ cos²(πy/2a) for |y| < a: the same cancellation.

    ``result`` is the net current (0); ``extra["upper_half"]`` the current through 0 < y < a (= -M₀).
    """
    M = M0 * sp.cos(sp.pi * y / (2 * a)) ** 2
    d = Derivation("A smoothly magnetised slab", symbols={"y": y, "a": a, "M0": M0})
    d.step("M_z(y)", M, "peaks in the middle, zero at the faces")
    Jx = sp.simplify(sp.diff(M, y))
    d.step(r"J_{b,x}", Jx, "bound current density")
    upper = sp.simplify(sp.integrate(Jx, (y, 0, a)))
    d.step(r"\int_0^a J_{b,x}\,dy", upper, "upper half: toward -x")
    net = sp.simplify(sp.integrate(Jx, (y, -a, a)))
    d.step(r"\int_{-a}^a J_{b,x}\,dy", net, "whole cut: nothing net")
    d.extra.update(upper_half=upper, J=Jx)
    return d
