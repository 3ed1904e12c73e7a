r"""Section 2.6: diffusion to a plane and to a sphere after a potential step.

Plane: :math:`\partial_t c = D\,\partial_x^2 c`, :math:`c(0,t) = 0`, :math:`c(x,0) = c_\infty`,
solved by :math:`c = c_\infty\,\mathrm{erf}(x/2\sqrt{Dt})`; the flux into the electrode is
:math:`D\,\partial_x c|_0 = c_\infty\sqrt{D/\pi t}` (Cottrell).

Sphere: :math:`\partial_t c = D\,r^{-2}\partial_r(r^2\partial_r c)`, :math:`c(r_0,t) = 0`.
The substitution :math:`u = r\,(c_\infty - c)` turns it into the planar equation
:math:`\partial_t u = D\,\partial_r^2 u` with :math:`u(r_0) = r_0 c_\infty`, so
:math:`c = c_\infty[1 - (r_0/r)\,\mathrm{erfc}((r - r_0)/2\sqrt{Dt})]` and the flux into the
sphere is :math:`D c_\infty (1/r_0 + 1/\sqrt{\pi D t})`: a Cottrell term that decays and a
steady term that does not. Its steady limit also follows from :math:`(r^2 c')' = 0`.
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

x, r, t = sp.symbols("x r t", positive=True)
D, cinf, r0, n, F = sp.symbols(r"D c_\infty r_0 n F", positive=True)


def planar() -> Derivation:
    """Cottrell: ``result`` is the current density nF c∞ √(D/(πt))."""
    c = cinf * sp.erf(x / (2 * sp.sqrt(D * t)))
    d = Derivation("A planar electrode: the Cottrell current", symbols={"x": x, "t": t, "D": D, "c": c})
    d.step("c(x,t)", c, "try the error-function profile")
    d.step(
        r"\partial_t c - D\,\partial_x^2 c",
        sp.simplify(sp.diff(c, t) - D * sp.diff(c, x, 2)),
        "it solves the diffusion equation",
    )
    d.step("c(0,t)", c.subs(x, 0), "the electrode consumes everything that arrives")
    d.step(r"c(x\to\infty,t)", sp.limit(c, x, sp.oo), "far away the bulk is untouched")
    flux = sp.simplify(D * sp.diff(c, x).subs(x, 0))
    d.step(r"D\,\partial_x c|_{x=0}", flux, "flux into the electrode")
    d.step("i/A", n * F * flux, "current density: nF per mole")
    d.extra["profile"] = c
    return d


def sphere_steady() -> Derivation:
    """Steady sphere: ``result`` is the current 4π nFDc∞ r₀."""
    cr = sp.Function("c")(r)
    d = Derivation("A sphere in steady state", symbols={"r": r, "r0": r0, "D": D})
    ode = sp.Eq(sp.diff(r**2 * sp.diff(cr, r), r), 0)
    d.step(
        r"\frac{d}{dr}\left(r^2\frac{dc}{dr}\right)",
        0,
        "steady: the rate through every shell is equal",
    )
    general = sp.dsolve(ode, cr).rhs
    d.step("c(r)", general, "integrate twice")
    C1, C2 = sorted(general.free_symbols - {r}, key=str)
    far = sp.limit(general, r, sp.oo)
    consts = sp.solve([sp.Eq(far, cinf), sp.Eq(general.subs(r, r0), 0)], [C1, C2], dict=True)[0]
    profile = sp.simplify(general.subs(consts))
    d.step("c(r)", profile, "c = 0 at the electrode, c → c∞ far away")
    flux = sp.simplify(D * sp.diff(profile, r).subs(r, r0))
    d.step(r"D\,c'(r_0)", flux, "flux density into the sphere")
    d.step("i_{ss}", sp.simplify(4 * sp.pi * r0**2 * n * F * flux), "times the area 4πr0² and nF")
    d.extra["profile"] = profile
    return d


def sphere_transient() -> Derivation:
    """Sphere after a potential step: ``result`` is the current i(t)."""
    u = sp.Function("u")(r, t)
    d = Derivation("A sphere after a potential step", symbols={"r": r, "t": t, "r0": r0, "D": D})
    c_of_u = cinf - u / r
    lhs = sp.diff(c_of_u, t)
    rhs = D / r**2 * sp.diff(r**2 * sp.diff(c_of_u, r), r)
    reduced = sp.simplify(-r * (lhs - rhs))
    d.step("c", c_of_u, "substitute u = r (c∞ - c)")
    d.step(
        r"-r\,(\partial_t c - D\,r^{-2}\partial_r(r^2\partial_r c))",
        reduced,
        "the spherical equation becomes planar in u",
    )
    u_sol = r0 * cinf * sp.erfc((r - r0) / (2 * sp.sqrt(D * t)))
    d.step("u(r,t)", u_sol, "planar solution with u = r0 c∞ at the surface")
    c = c_of_u.subs(u, u_sol)
    check = sp.simplify(sp.diff(c, t) - D / r**2 * sp.diff(r**2 * sp.diff(c, r), r))
    d.step(
        r"\partial_t c - D\,r^{-2}\partial_r(r^2\partial_r c)",
        check,
        "check: it solves the spherical equation",
    )
    d.step("c(r_0,t)", sp.simplify(c.subs(r, r0)), "and empties the surface")
    flux = sp.expand(sp.simplify(D * sp.diff(c, r).subs(r, r0)))
    d.step(r"D\,\partial_r c|_{r_0}", flux, "flux density into the sphere")
    current = sp.expand(4 * sp.pi * r0**2 * n * F * flux)
    d.step("i(t)", current, "a Cottrell term plus a steady term")
    d.extra.update(profile=c, flux=flux)
    return d
