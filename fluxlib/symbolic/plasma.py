"""Sections 3.5–3.7, derived in sympy.

Current diffusion, Spitzer resistivity, the safety factor, ohmic heating, magnetic braking
and the Kruskal–Shafranov limit.

Faraday ∂B_θ/∂t = ∂E_z/∂r, Ampère μ₀J = (1/r)∂(rB_θ)/∂r and Ohm E = ηJ give
∂J/∂t = (1/(μ₀ r)) ∂/∂r (r ∂(ηJ)/∂r). In a steady state E is uniform, so J = E/η ∝ T^{3/2};
for T ∝ (1 − r²/a²)^ν the safety factor is q = q_a x²/(1 − (1 − x²)^{3ν/2 + 1}).
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

r, t, a, R0, Bz, mu0, eta, E = sp.symbols("r t a R_0 B_z mu_0 eta E", positive=True)
I, J0, nu, x = sp.symbols("I J_0 nu x", positive=True)
Z, e, me, eps0, kT, n, lnL, alphaZ = sp.symbols(r"Z e m_e epsilon_0 k_BT n \ln\Lambda alpha_Z", positive=True)
rho, sigma, B = sp.symbols("rho sigma B", positive=True)


def current_diffusion() -> Derivation:
    """∂J/∂t from Faraday, Ampère and Ohm. ``result`` is the right-hand side for ∂J/∂t."""
    Bt = sp.Function(r"B_\theta")(r, t)
    eta_r = sp.Function("eta")(r)
    Jf = sp.Function("J")(r, t)
    d = Derivation("Resistive diffusion of current in a cylinder", symbols={"J": Jf, "eta": eta_r})
    Ez = eta_r * Jf
    d.step("E_z", Ez, "Ohm's law in the plasma")
    d.step(sp.Derivative(Bt, t), sp.diff(Ez, r), "Faraday's law, θ component")
    d.step(mu0 * Jf, sp.diff(r * Bt, r) / r, "Ampère's law, z component")
    # μ0 ∂J/∂t = (1/r) ∂_r (r ∂B_θ/∂t) = (1/r) ∂_r (r ∂E/∂r)
    rhs = sp.Derivative(r * sp.Derivative(Ez, r), r) / (mu0 * r)
    d.step(sp.Derivative(Jf, t), rhs, "take ∂/∂t of Ampère and insert Faraday")
    d.extra["expanded"] = rhs.doit()
    d.extra["uniform"] = sp.simplify(rhs.subs(eta_r, eta).doit())
    return d


def bessel_mode() -> Derivation:
    """J₀(k r/a) e^{−k²ηt/(μ₀a²)} solves the uniform-η equation; ``result`` is its residual (0)."""
    k = sp.Symbol("k", positive=True)
    Jm = sp.besselj(0, k * r / a) * sp.exp(-eta * k**2 * t / (mu0 * a**2))
    d = Derivation("A decaying current mode", symbols={"k": k, "J": Jm})
    d.step("J(r,t)", Jm, "try a Bessel profile that decays")
    d.step(r"\tau_k", mu0 * a**2 / (eta * k**2), "its decay time")
    res = sp.simplify(sp.diff(Jm, t) - eta / (mu0 * r) * sp.diff(r * sp.diff(Jm, r), r))
    d.step(r"\partial_t J - \frac{\eta}{\mu_0 r}\partial_r(r\,\partial_r J)", res, "it solves it")
    return d


def spitzer() -> Derivation:
    """η = α_Z m_e/(n e² τ_e) with Braginskii's τ_e; ``result`` is η (the density cancels)."""
    tau_e = (
        3
        * sp.sqrt(me)
        * kT ** sp.Rational(3, 2)
        * (4 * sp.pi * eps0) ** 2
        / (4 * sp.sqrt(2 * sp.pi) * n * Z * e**4 * lnL)
    )
    d = Derivation("Spitzer resistivity", symbols={"Z": Z, "kT": kT, "n": n, "lnL": lnL, "alpha_Z": alphaZ})
    d.step(r"\tau_e", tau_e, "electron–ion collision time (Braginskii)")
    d.step(r"\eta", alphaZ * me / (n * e**2 * sp.Symbol(r"\tau_e")), "drag on the electron fluid")
    d.step(r"\eta", sp.simplify(alphaZ * me / (n * e**2 * tau_e)), "the density cancels")
    return d


def safety_factor() -> Derivation:
    """q(r) for T = T0(1 − r²/a²)^ν; ``result`` is q(r)/q(a) in terms of x = r/a."""
    u = sp.Symbol("u", positive=True)
    p = sp.Rational(3, 2) * nu
    Jr = J0 * (1 - r**2 / a**2) ** p
    d = Derivation("Safety factor of a peaked current", symbols={"nu": nu, "x": x, "J0": J0})
    d.step("J(r)", Jr, "steady: E uniform, J = E/η ∝ T^{3/2}")
    # I(r) = 2π∫ J s ds; with u = 1 - s²/a², s ds = -a² du/2
    Ir = sp.simplify(sp.pi * a**2 * J0 * sp.integrate(u**p, (u, 1 - r**2 / a**2, 1)))
    d.step("I(r)", Ir, "current inside r: 2π∫₀ʳ J s ds")
    Bt = mu0 * Ir / (2 * sp.pi * r)
    d.step(r"B_\theta(r)", Bt, "Ampère's law around a circle of radius r")
    q = sp.simplify(r * Bz / (R0 * Bt))
    d.step("q(r)", q, "q = r B_z/(R₀ B_θ)")
    qa = sp.limit(q, r, a)
    q0 = sp.limit(q, r, 0)
    d.step("q(0)/q(a)", sp.simplify(q0 / qa), "the axis against the edge")
    # the same chain with x = r/a throughout: I(x) = π a² J0 ∫_{1-x²}^1 u^p du
    Ix = sp.pi * a**2 * J0 * sp.integrate(u**p, (u, 1 - x**2, 1))
    qx = x * a * Bz / (R0 * mu0 * Ix / (2 * sp.pi * x * a))
    ratio = sp.simplify(qx / qa)
    d.step("q(r)/q(a)", ratio, "with x = r/a")
    d.extra.update(q=q, q_a=qa, q_0=q0, I=Ir)
    return d


def ohmic_power() -> Derivation:
    """Total ohmic heating ∫ηJ² dA · 2πR₀ = V_loop I when E is uniform; ``result`` is the power."""
    Jr = sp.Function("J")(r)
    d = Derivation("Ohmic heating of a steady column", symbols={"J": Jr})
    d.step(r"p_\Omega", eta * Jr**2, "heating per unit volume, ηJ²")
    d.step(r"p_\Omega", E * Jr, "steady: ηJ = E, the same at every radius")
    P = 2 * sp.pi * R0 * E * sp.Integral(2 * sp.pi * r * Jr, (r, 0, a))
    d.step("P", P, "integrate over the torus, volume 2πR₀ × 2πr dr")
    d.step("P", 2 * sp.pi * R0 * E * I, "the integral is the plasma current")
    return d


def frozen_heating() -> Derivation:
    """Uniform heating p with T(a) = T_a and conductivity κ (W m⁻¹ K⁻¹); ``result`` is T(r)."""
    p, kappa, Ta = sp.symbols(r"p \kappa T_a", positive=True)
    T = sp.Function("T")(r)
    d = Derivation("A uniformly heated column", symbols={"p": p, "kappa": kappa, "T_a": Ta})
    d.step(sp.Derivative(r * kappa * sp.Derivative(T, r), r) / r, -p, "steady heat balance in a cylinder")
    flux = sp.integrate(-p * r, (r, 0, r))
    d.step(r * kappa * sp.Derivative(T, r), flux, "integrate from the axis, where r κ T' = 0")
    s_ = sp.Symbol("s", positive=True)
    Tr = Ta + sp.integrate((flux / (r * kappa)).subs(r, s_), (s_, a, r))
    d.step("T(r)", sp.factor(Tr - Ta) + Ta, "integrate from the edge, T(a) = T_a")
    return d


def derive_magnetic_braking() -> Derivation:
    """ρ dv/dt = σ (v × B) × B, B = B ẑ; ``result`` is the velocity vector at time t."""
    vx, vy, vz = sp.symbols("v_x0 v_y0 v_z0", real=True)
    tau = rho / (sigma * B**2)
    v = sp.Matrix(sp.symbols("v_x v_y v_z"))
    Bv = sp.Matrix([0, 0, B])
    force = sigma * (v.cross(Bv)).cross(Bv) / rho
    d = Derivation("Magnetic braking", symbols={"tau": tau})
    d.step(r"\dot{\mathbf v}", force, "induced current J = σ v×B, force J×B")
    fx = sp.Function("v_x")
    sol = sp.dsolve(sp.Eq(sp.diff(fx(t), t), force[0].subs(v[0], fx(t))), fx(t), ics={fx(0): vx})
    vt = sp.Matrix([sol.rhs, sol.rhs.subs(vx, vy), vz])
    d.step(r"\mathbf v(t)", vt, "across B it decays; along B it does not")
    d.extra["tau"] = tau
    return d


def kink_limit() -> Derivation:
    """q(a) and the critical current for q(a) = m/n; ``result`` is I_c for m/n = 1."""
    m_over_n = sp.Symbol("m/n", positive=True)
    Ba = mu0 * I / (2 * sp.pi * a)
    qa = sp.simplify(a * Bz / (R0 * Ba))
    d = Derivation("The Kruskal–Shafranov limit", symbols={"I": I, "q_a": qa})
    d.step(r"B_\theta(a)", Ba, "Ampère's law at the edge")
    d.step("q(a)", qa, "edge safety factor")
    Imn = sp.solve(sp.Eq(qa, m_over_n), I)[0]
    d.step("I_{m/n}", Imn, "the current at which q(a) = m/n")
    d.step("I_c", Imn.subs(m_over_n, 1), "m = n = 1: above this the column kinks")
    d.extra["q_a"] = qa
    return d
