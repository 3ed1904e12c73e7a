"""Section 2.4: chemical potential from the Gibbs energy, and Fick's law from its gradient.

For an ideal mixture of n₁ moles of solute and n₂ of solvent,

    G = n₁ μ₁° + n₂ μ₂° + RT [n₁ ln x₁ + n₂ ln x₂],    xᵢ = nᵢ/(n₁ + n₂),

and μ₁ = ∂G/∂n₁ = μ₁° + RT ln x₁ (the mixing terms' other derivatives cancel). In a dilute
solution x₁ ≈ c/c_solvent, so μ = μ°' + RT ln c. A flux proportional to the gradient of μ,
J = -(Dc/RT) ∂μ/∂x, is then exactly Fick's law J = -D ∂c/∂x; adding zFφ to μ gives the
Nernst–Planck flux.
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

x = sp.Symbol("x", real=True)
R, T, F, D = sp.symbols("R T F D", positive=True)
z = sp.Symbol("z", integer=True, nonzero=True)


def ideal_mixture() -> Derivation:
    """μ₁ = ∂G/∂n₁ for an ideal binary mixture: ``result`` is μ₁° + RT ln(n₁/(n₁ + n₂))."""
    n1, n2 = sp.symbols("n_1 n_2", positive=True)
    mu1o, mu2o = sp.symbols(r"\mu_1^\circ \mu_2^\circ", real=True)
    N = n1 + n2
    G = n1 * mu1o + n2 * mu2o + R * T * (n1 * sp.log(n1 / N) + n2 * sp.log(n2 / N))
    d = Derivation(
        "Chemical potential of an ideal mixture",
        symbols={"n_1": n1, "n_2": n2, "mu_1o": mu1o, "R": R, "T": T},
    )
    d.step("G", G, "pure parts plus the entropy of mixing")
    mu1 = sp.diff(G, n1)
    d.step(r"\mu_1", mu1, "μ₁ = ∂G/∂n₁ at fixed T, P, n₂")
    simplified = sp.expand(sp.expand_log(sp.cancel(sp.together(sp.expand(mu1))), force=True))
    d.step(r"\mu_1", simplified, "the extra terms cancel")
    d.step(r"\mu_1", mu1o + R * T * sp.log(n1 / N), "μ₁ = μ₁° + RT ln x₁")
    d.extra["G"] = G
    d.extra["mu1_raw"] = mu1
    return d


def fick_from_mu() -> Derivation:
    """J = -(Dc/RT) ∂μ/∂x with μ = μ° + RT ln c: ``result`` is -D ∂c/∂x (Fick)."""
    c = sp.Function("c", positive=True)(x)
    mu0 = sp.Symbol(r"\mu^\circ", real=True)
    mu = mu0 + R * T * sp.log(c)
    d = Derivation("Fick's law from the chemical potential", symbols={"c": c, "D": D, "R": R, "T": T})
    d.step(r"\mu", mu, "dilute ideal solution")
    d.step("J", -(D * c / (R * T)) * sp.Derivative(mu, x), "flux ∝ concentration × force")
    J = sp.simplify(-(D * c / (R * T)) * sp.diff(mu, x))
    d.step("J", J, "Fick's law: a μ-gradient is a concentration gradient")
    return d


def nernst_planck() -> Derivation:
    """Electrochemical potential μ̃ = μ° + RT ln c + zFφ: ``result`` is the Nernst–Planck flux.

    ``extra["delta_mu"]`` is μ̃_in - μ̃_out in terms of c_i, c_o and V_m = φ_i - φ_o.
    """
    c = sp.Function("c", positive=True)(x)
    phi = sp.Function(r"\phi", real=True)(x)
    mu0 = sp.Symbol(r"\mu^\circ", real=True)
    mut = mu0 + R * T * sp.log(c) + z * F * phi
    d = Derivation("The electrochemical potential", symbols={"c": c, "phi": phi, "z": z, "F": F})
    d.step(r"\tilde\mu", mut, "add the electrical energy zFφ per mole")
    Vm = sp.Symbol("V_m", real=True)
    ci, co = sp.symbols("c_i c_o", positive=True)
    dmu = sp.expand_log(R * T * sp.log(ci) + z * F * Vm - R * T * sp.log(co), force=True)
    d.step(
        r"\Delta\tilde\mu",
        R * T * sp.log(ci / co) + z * F * Vm,
        "inside minus outside, V_m = φ_i - φ_o",
    )
    J = sp.expand(sp.simplify(-(D * c / (R * T)) * sp.diff(mut, x)))
    d.step("J", J, "J = -(Dc/RT) ∂μ̃/∂x: diffusion plus electrical drift")
    d.extra["delta_mu"] = dmu
    d.extra["nernst"] = sp.solve(sp.Eq(dmu, 0), Vm)[0]
    return d
