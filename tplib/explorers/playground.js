/* The in-page playground: a dense network trained full-batch in the browser (see playground.py).
 *
 * Numeric core (exported under node for the tests): numpy's default_rng (SeedSequence + PCG64)
 * so that initParams(sizes, seed) draws exactly tplib.nn.init_params(sizes,
 * np.random.default_rng(seed)); a dense network over one flat Float64Array laid out as
 * tplib.nn.pack lays it out; forward and backward as tplib.nn defines them; Adam and Momentum
 * as tplib.optimizers defines them; and the epoch of tplib.training.train (measure, stop at
 * the target, else step). Then the page's half: mount(root, data) wires the controls.
 * Length: over 400 lines, on purpose: the numeric core and the page that drives it are one
 * module the page loads at once, and the core is what the tests load under node.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module && module.exports) { module.exports = api; }
  else { root.tplibPlayground = api; }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // ---- numpy's default_rng(seed): SeedSequence (uint32 hashing), then PCG64 (XSL-RR 128/64).
  function mul32(a, b) { return Math.imul(a, b) >>> 0; }
  function seedPool(seed) {
    var words = [], s = seed;  // the seed as little-endian uint32 words ([0] for 0)
    do { words.push(s % 4294967296 >>> 0); s = Math.floor(s / 4294967296); } while (s > 0);
    var hashConst = 0x43b0d7e5, pool = [0, 0, 0, 0];
    function hashmix(value) {
      value = (value ^ hashConst) >>> 0;
      hashConst = mul32(hashConst, 0x931e8875);
      value = mul32(value, hashConst);
      return (value ^ (value >>> 16)) >>> 0;
    }
    function mix(x, y) {
      var r = (mul32(0xca01f9dd, x) - mul32(0x4973f715, y)) >>> 0;
      return (r ^ (r >>> 16)) >>> 0;
    }
    for (var i = 0; i < 4; i++) { pool[i] = hashmix(i < words.length ? words[i] : 0); }
    for (var src = 0; src < 4; src++) {
      for (var dst = 0; dst < 4; dst++) {
        if (src !== dst) { pool[dst] = mix(pool[dst], hashmix(pool[src])); }
      }
    }
    for (var k = 4; k < words.length; k++) {
      for (var d = 0; d < 4; d++) { pool[d] = mix(pool[d], hashmix(words[k])); }
    }
    var hc = 0x8b51f9dd, state = [];
    for (var n = 0; n < 8; n++) {  // generate_state(4, uint64): 8 uint32 words
      var v = (pool[n % 4] ^ hc) >>> 0;
      hc = mul32(hc, 0x58f38ded);
      v = mul32(v, hc);
      state.push((v ^ (v >>> 16)) >>> 0);
    }
    var u64 = [];
    for (var w = 0; w < 4; w++) { u64.push((BigInt(state[2 * w + 1]) << 32n) | BigInt(state[2 * w])); }
    return u64;
  }
  var MASK128 = (1n << 128n) - 1n, MASK64 = (1n << 64n) - 1n;
  var PCG_MULT = (0x2360ed051fc65da4n << 64n) | 0x4385df649fccf645n;
  function Generator(seed) {
    if (!(Number.isInteger(seed) && seed >= 0 && seed <= Number.MAX_SAFE_INTEGER)) {
      throw new RangeError("seed must be a whole number >= 0, got " + seed);
    }
    var v = seedPool(seed), initState = (v[0] << 64n) | v[1], initSeq = (v[2] << 64n) | v[3];
    this.inc = ((initSeq << 1n) | 1n) & MASK128;
    this.state = (this.inc) & MASK128;  // state 0, one step: 0 * mult + inc
    this.state = (this.state + initState) & MASK128;
    this.step();
  }
  Generator.prototype.step = function () { this.state = (this.state * PCG_MULT + this.inc) & MASK128; };
  Generator.prototype.nextUint64 = function () {
    this.step();
    var s = this.state, x = ((s >> 64n) ^ s) & MASK64, rot = s >> 122n;
    return ((x >> rot) | (x << ((64n - rot) & 63n))) & MASK64;
  };
  Generator.prototype.random = function () {  // numpy's next_double: 53 random bits
    return Number(this.nextUint64() >> 11n) * (1.0 / 9007199254740992.0);
  };

  // ---- the network: sizes [n_in, ..., n_out], one activation per layer, flat theta.
  function checkSizes(sizes) {
    if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every(function (n) { return Number.isInteger(n) && n >= 1; })) {
      throw new RangeError("sizes must list at least two whole numbers >= 1, got " + JSON.stringify(sizes));
    }
  }
  function nParams(sizes) {
    var n = 0;
    for (var l = 0; l + 1 < sizes.length; l++) { n += (sizes[l] + 1) * sizes[l + 1]; }
    return n;
  }
  function initParams(sizes, seed) {  // Glorot uniform weights, zero biases (tplib.nn.init_params)
    checkSizes(sizes);
    var rng = new Generator(seed), theta = new Float64Array(nParams(sizes)), o = 0;
    for (var l = 0; l + 1 < sizes.length; l++) {
      var nIn = sizes[l], nOut = sizes[l + 1], limit = Math.sqrt(6.0 / (nIn + nOut));
      var low = -limit, range = limit - low;
      for (var k = 0; k < nIn * nOut; k++) { theta[o++] = low + range * rng.random(); }
      o += nOut;
    }
    return theta;
  }
  var ACTIVATIONS = ["sigmoid", "tanh", "relu", "linear"], LOSSES = ["sse", "bce"], EPS = 1e-12;
  function apply(name, Z, n) {
    var i;
    if (name === "sigmoid") { for (i = 0; i < n; i++) { Z[i] = 1.0 / (1.0 + Math.exp(-Z[i])); } }
    else if (name === "tanh") { for (i = 0; i < n; i++) { Z[i] = Math.tanh(Z[i]); } }
    else if (name === "relu") { for (i = 0; i < n; i++) { if (!(Z[i] > 0)) { Z[i] = 0; } } }
  }
  function scaleByDerivative(name, D, A, n) {  // D *= f'(Z), written with A = f(Z)
    var i;
    if (name === "sigmoid") { for (i = 0; i < n; i++) { D[i] *= A[i] * (1.0 - A[i]); } }
    else if (name === "tanh") { for (i = 0; i < n; i++) { D[i] *= 1.0 - A[i] * A[i]; } }
    else if (name === "relu") { for (i = 0; i < n; i++) { D[i] *= A[i] > 0 ? 1.0 : 0.0; } }
  }
  function Network(sizes, activations, nSamples) {
    checkSizes(sizes);
    if (!Array.isArray(activations) || activations.length !== sizes.length - 1 ||
        !activations.every(function (a) { return ACTIVATIONS.indexOf(a) >= 0; })) {
      throw new RangeError("activations must name one of " + ACTIVATIONS + " per layer, got " + JSON.stringify(activations));
    }
    this.sizes = sizes.slice();
    this.activations = activations.slice();
    this.n = nSamples;
    this.nParams = nParams(sizes);
    this.offsets = [];
    var o = 0;
    for (var l = 0; l + 1 < sizes.length; l++) { this.offsets.push(o); o += (sizes[l] + 1) * sizes[l + 1]; }
    this.outputs = [null];  // outputs[l + 1] = layer l's activations, (n, sizes[l + 1])
    for (var m = 1; m < sizes.length; m++) { this.outputs.push(new Float64Array(nSamples * sizes[m])); }
    var widest = Math.max.apply(null, sizes);
    this.delta = new Float64Array(nSamples * widest);
    this.deltaPrev = new Float64Array(nSamples * widest);
    this.grad = new Float64Array(this.nParams);
  }
  Network.prototype.forward = function (theta, X) {  // fills outputs; returns the last one
    var A = X, n = this.n;
    this.outputs[0] = X;
    for (var l = 0; l + 1 < this.sizes.length; l++) {
      var nIn = this.sizes[l], nOut = this.sizes[l + 1], w = this.offsets[l], b = w + nIn * nOut;
      var Z = this.outputs[l + 1];
      Z.fill(0);
      for (var i = 0; i < n; i++) {
        var zi = i * nOut, ai = i * nIn;
        for (var k = 0; k < nIn; k++) {
          var a = A[ai + k];
          if (a === 0) { continue; }  // exact: adds nothing (the glyphs are mostly zeros)
          var wk = w + k * nOut;
          for (var j = 0; j < nOut; j++) { Z[zi + j] += a * theta[wk + j]; }
        }
        for (var jb = 0; jb < nOut; jb++) { Z[zi + jb] += theta[b + jb]; }
      }
      apply(this.activations[l], Z, n * nOut);
      A = Z;
    }
    return A;
  };
  function lossValue(Yhat, Y, loss, size) {
    var s = 0, i;
    if (loss === "sse") { for (i = 0; i < size; i++) { var d = Yhat[i] - Y[i]; s += d * d; } return s; }
    if (loss !== "bce") { throw new RangeError("loss must be one of " + LOSSES + ", got " + loss); }
    for (i = 0; i < size; i++) {
      var p = Math.min(Math.max(Yhat[i], EPS), 1.0 - EPS);
      s += Y[i] * Math.log(p) + (1.0 - Y[i]) * Math.log(1.0 - p);
    }
    return -s;
  }
  // The loss at theta; its gradient goes to this.grad (pack's layout), the output stays in outputs.
  Network.prototype.lossAndGrad = function (theta, X, Y, loss) {
    var L = this.sizes.length - 1, n = this.n, nOut = this.sizes[L], size = n * nOut;
    var Yhat = this.forward(theta, X), value = lossValue(Yhat, Y, loss, size);
    var delta = this.delta, last = this.activations[L - 1], i;
    if (loss === "bce" && last === "sigmoid") {
      for (i = 0; i < size; i++) { delta[i] = Yhat[i] - Y[i]; }
    } else {
      for (i = 0; i < size; i++) {
        if (loss === "bce") {
          var p = Math.min(Math.max(Yhat[i], EPS), 1.0 - EPS);
          delta[i] = (p - Y[i]) / (p * (1.0 - p));
        } else { delta[i] = 2.0 * (Yhat[i] - Y[i]); }
      }
      scaleByDerivative(last, delta, Yhat, size);
    }
    var g = this.grad;
    for (var l = L - 1; l >= 0; l--) {
      var nI = this.sizes[l], nO = this.sizes[l + 1], w = this.offsets[l], b = w + nI * nO;
      var Ap = this.outputs[l];
      g.fill(0, w, b + nO);
      for (var s = 0; s < n; s++) {
        var ds = s * nO, as = s * nI;
        for (var k = 0; k < nI; k++) {
          var a = Ap[as + k];
          if (a === 0) { continue; }
          var gk = w + k * nO;
          for (var j = 0; j < nO; j++) { g[gk + j] += a * delta[ds + j]; }
        }
        for (var jb = 0; jb < nO; jb++) { g[b + jb] += delta[ds + jb]; }
      }
      if (l > 0) {
        var dp = this.deltaPrev;
        for (var r = 0; r < n; r++) {
          for (var k2 = 0; k2 < nI; k2++) {
            var sum = 0, wk = w + k2 * nO, dr = r * nO;
            for (var j2 = 0; j2 < nO; j2++) { sum += delta[dr + j2] * theta[wk + j2]; }
            dp[r * nI + k2] = sum;
          }
        }
        scaleByDerivative(this.activations[l - 1], dp, Ap, n * nI);
        this.deltaPrev = delta;
        delta = this.delta = dp;
      }
    }
    return value;
  };

  // ---- optimizers, exactly as tplib.optimizers writes them (theta updated in place).
  function Adam(nParams, lr, beta1, beta2, eps) {
    this.lr = lr; this.beta1 = beta1 === undefined ? 0.9 : beta1;
    this.beta2 = beta2 === undefined ? 0.999 : beta2; this.eps = eps === undefined ? 1e-8 : eps;
    this.m = new Float64Array(nParams); this.v = new Float64Array(nParams); this.t = 0;
  }
  Adam.prototype.step = function (theta, grad) {
    var m = this.m, v = this.v, b1 = this.beta1, b2 = this.beta2, c1 = 1.0 - b1, c2 = 1.0 - b2;
    this.t += 1;
    var step = this.lr * Math.sqrt(1.0 - Math.pow(b2, this.t)) / (1.0 - Math.pow(b1, this.t));
    for (var i = 0; i < theta.length; i++) {
      var g = grad[i];
      m[i] = m[i] * b1 + c1 * g;
      v[i] = v[i] * b2 + c2 * (g * g);
      theta[i] -= step * m[i] / (Math.sqrt(v[i]) + this.eps);
    }
  };
  function Momentum(nParams, lr, alpha) {
    this.lr = lr; this.alpha = alpha === undefined ? 0.8 : alpha;
    this.velocity = new Float64Array(nParams);
  }
  Momentum.prototype.step = function (theta, grad) {
    var v = this.velocity;
    for (var i = 0; i < theta.length; i++) {
      v[i] = v[i] * this.alpha - grad[i] * this.lr;
      theta[i] += v[i];
    }
  };
  function makeOptimizer(name, nParams, lr) {
    if (name === "adam") { return new Adam(nParams, lr); }
    if (name === "momentum") { return new Momentum(nParams, lr, 0.8); }
    throw new RangeError("optimizer must be adam or momentum, got " + name);
  }

  // ---- one full-batch training run, epoch by epoch, as tplib.training.train runs it.
  // config: {sizes, activations, loss, optimizer, lr, seed, target (wrong pixels, or null)}
  function Trainer(X, nSamples, config, theta) {
    this.config = config;
    this.X = X instanceof Float64Array ? X : Float64Array.from(X);
    this.net = new Network(config.sizes, config.activations, nSamples);
    this.theta = theta ? Float64Array.from(theta) : initParams(config.sizes, config.seed);
    this.optimizer = makeOptimizer(config.optimizer, this.net.nParams, config.lr);
    this.nOut = config.sizes[config.sizes.length - 1];
    this.losses = []; this.maxWrong = []; this.totalWrong = [];
    this.stopped = false;
  }
  Trainer.prototype.setOptimizer = function (name, lr) {  // live change: fresh optimizer state
    this.config.optimizer = name; this.config.lr = lr;
    this.optimizer = makeOptimizer(name, this.net.nParams, lr);
  };
  Trainer.prototype.epoch = function () {
    if (this.stopped) { return false; }
    var X = this.X, net = this.net, value = net.lossAndGrad(this.theta, X, X, this.config.loss);
    var out = net.outputs[net.outputs.length - 1], n = net.n, p = this.nOut, worst = 0, total = 0;
    for (var i = 0; i < n; i++) {
      var wrong = 0;
      for (var j = 0; j < p; j++) { if ((out[i * p + j] > 0.5) !== (X[i * p + j] > 0.5)) { wrong++; } }
      total += wrong; if (wrong > worst) { worst = wrong; }
    }
    if (!isFinite(value)) { this.stopped = true; this.diverged = true; return false; }
    this.losses.push(value); this.maxWrong.push(worst); this.totalWrong.push(total);
    if (this.config.target !== null && this.config.target !== undefined && worst <= this.config.target) {
      this.stopped = true;
      return false;
    }
    this.optimizer.step(this.theta, net.grad);
    return true;
  };
  Trainer.prototype.run = function (epochs) { for (var e = 0; e < epochs && this.epoch(); e++) { /* train */ } return this; };
  Trainer.prototype.codes = function (latentLayer) {  // (n, 2) codes at the current weights
    this.net.forward(this.theta, this.X);
    return this.net.outputs[latentLayer];
  };

  var core = { Generator: Generator, initParams: initParams, nParams: nParams, Network: Network,
               lossValue: lossValue, Adam: Adam, Momentum: Momentum, Trainer: Trainer };
  if (typeof document === "undefined") { return core; }

  // ---- the page: controls -> a Trainer; an animation frame runs epochs for ~12 ms, then redraws.
  var SVGNS = "http://www.w3.org/2000/svg";
  core.mount = function (el, data) {
    if (el.tplibPlayground) { return el.tplibPlayground; }
    var q = function (name) { return el.querySelector('[data-role="' + name + '"]'); };
    var X = Float64Array.from([].concat.apply([], data.X)), n = data.X.length, p = data.X[0].length;
    var trainer = null, latentLayer = 0, running = false, frame = 0, codesMemo = null;
    var plane = q("plane"), curve = q("curve"), canvas = q("recon"), dots = [], texts = [];
    for (var i = 0; i < n; i++) {
      var c = document.createElementNS(SVGNS, "circle");
      c.setAttribute("r", "3"); c.setAttribute("fill", "#1f77b4");
      var t = document.createElementNS(SVGNS, "text");
      t.setAttribute("font-size", "11"); t.setAttribute("fill", "#1f4e79"); t.textContent = data.labels[i];
      plane.appendChild(c); plane.appendChild(t); dots.push(c); texts.push(t);
    }
    function settings() {
      var h1 = +q("hidden1").value, h2 = +q("hidden2").value, hidden = h2 > 0 ? [h1, h2] : [h1];
      var sizes = [p].concat(hidden, [2], hidden.slice().reverse(), [p]);
      latentLayer = hidden.length + 1;
      var acts = [];
      for (var l = 1; l + 1 < sizes.length; l++) { acts.push(l === latentLayer ? q("code").value : q("hidden").value); }
      acts.push("sigmoid");
      return { sizes: sizes, activations: acts, loss: q("loss").value, optimizer: q("optimizer").value,
               lr: +q("lr").value, seed: Math.max(0, Math.floor(+q("seed").value) || 0), target: 0 };
    }
    function reset() {
      trainer = new Trainer(X, n, settings(), null);
      q("sizes").textContent = trainer.config.sizes.join("-") + " (" + trainer.net.nParams + " weights)";
      pause(); draw(true);
    }
    function currentState() {  // loss and wrong pixels at the current weights (no update)
      var net = trainer.net, v = net.lossAndGrad(trainer.theta, X, X, trainer.config.loss), out = net.outputs[net.outputs.length - 1];
      var worst = 0, total = 0;
      for (var s = 0; s < n; s++) {
        var w = 0;
        for (var j = 0; j < p; j++) { if ((out[s * p + j] > 0.5) !== (X[s * p + j] > 0.5)) { w++; } }
        total += w; if (w > worst) { worst = w; }
      }
      return { loss: v, worst: worst, total: total, out: out };
    }
    function draw() {
      var st = currentState(), epochs = trainer.losses.length;
      q("epoch").textContent = String(trainer.stopped ? epochs - 1 : epochs);
      q("loss-value").textContent = st.loss.toPrecision(4);
      q("worst").textContent = String(st.worst);
      q("total").textContent = String(st.total);
      q("status").textContent = trainer.diverged ? "diverged: lower the learning rate" :
        trainer.stopped ? "every glyph exact" : running ? "training" : "paused";
      el.setAttribute("data-loss", String(st.loss));
      el.setAttribute("data-worst", String(st.worst));
      el.setAttribute("data-total", String(st.total));
      drawRecon(st.out);
      drawCodes(trainer.codes(latentLayer));
      drawCurve();
    }
    function drawRecon(out) {
      var ctx = canvas.getContext("2d"), s = 4, cols = 16, gw = 5 * s + 4, gh = 7 * s + 4;
      ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
      for (var g = 0; g < n; g++) {
        var x0 = (g % cols) * gw, y0 = Math.floor(g / cols) * gh;
        for (var k = 0; k < p; k++) {
          var level = Math.round(255 * (1 - Math.min(1, Math.max(0, out[g * p + k]))));
          ctx.fillStyle = "rgb(" + level + "," + level + "," + level + ")";
          ctx.fillRect(x0 + (k % 5) * s, y0 + Math.floor(k / 5) * s, s, s);
        }
      }
    }
    function drawCodes(Z) {
      var lo = [Infinity, Infinity], hi = [-Infinity, -Infinity], size = 260, m = 20;
      for (var s = 0; s < n; s++) {
        for (var d = 0; d < 2; d++) { lo[d] = Math.min(lo[d], Z[2 * s + d]); hi[d] = Math.max(hi[d], Z[2 * s + d]); }
      }
      var span = [Math.max(hi[0] - lo[0], 1e-9), Math.max(hi[1] - lo[1], 1e-9)], codes = [];
      for (var r = 0; r < n; r++) {
        var x = m + (Z[2 * r] - lo[0]) / span[0] * (size - 2 * m), y = size - m - (Z[2 * r + 1] - lo[1]) / span[1] * (size - 2 * m);
        dots[r].setAttribute("cx", x.toFixed(1)); dots[r].setAttribute("cy", y.toFixed(1));
        texts[r].setAttribute("x", (x + 4).toFixed(1)); texts[r].setAttribute("y", (y - 3).toFixed(1));
        codes.push(Z[2 * r].toPrecision(6) + "," + Z[2 * r + 1].toPrecision(6));
      }
      codesMemo = codes.join(";");
      el.setAttribute("data-codes", codesMemo);
      q("range").textContent = "z\u2081 " + lo[0].toFixed(2) + " \u2026 " + hi[0].toFixed(2) + ", z\u2082 " + lo[1].toFixed(2) + " \u2026 " + hi[1].toFixed(2);
    }
    function drawCurve() {
      var L = trainer.losses, w = 300, h = 140, pts = [];
      if (L.length < 2) { q("curve-line").setAttribute("points", ""); return; }
      var lmax = -Infinity, lmin = Infinity;
      for (var e = 0; e < L.length; e++) { var v = Math.log10(Math.max(L[e], 1e-12)); if (v > lmax) { lmax = v; } if (v < lmin) { lmin = v; } }
      if (lmax - lmin < 1e-9) { lmax = lmin + 1; }
      var step = Math.max(1, Math.floor(L.length / 300));
      for (var k = 0; k < L.length; k += step) {
        var val = Math.log10(Math.max(L[k], 1e-12));
        pts.push((k / (L.length - 1) * w).toFixed(1) + "," + (h - (val - lmin) / (lmax - lmin) * h).toFixed(1));
      }
      q("curve-line").setAttribute("points", pts.join(" "));
      q("curve-top").textContent = Math.pow(10, lmax).toPrecision(3);
      q("curve-bottom").textContent = Math.pow(10, lmin).toPrecision(3);
      q("curve-epochs").textContent = (L.length - 1) + " epochs";
    }
    function tick() {
      if (!running) { return; }
      var start = performance.now();
      while (performance.now() - start < 12 && trainer.epoch()) { /* epochs within the frame budget */ }
      if (trainer.stopped) { running = false; q("train").textContent = "Train"; }
      draw();
      if (running) { frame = requestAnimationFrame(tick); }
    }
    function pause() { running = false; cancelAnimationFrame(frame); q("train").textContent = "Train"; }
    function play() {
      if (trainer.stopped) { return; }
      running = true; q("train").textContent = "Pause"; q("status").textContent = "training";
      frame = requestAnimationFrame(tick);
    }
    q("train").addEventListener("click", function () { if (running) { pause(); draw(); } else { play(); } });
    q("reset").addEventListener("click", reset);
    ["hidden1", "hidden2", "hidden", "code", "loss", "seed"].forEach(function (name) {
      q(name).addEventListener("change", reset);
      q(name).addEventListener("input", function () {
        var shown = q(name + "-shown");
        if (shown) {  // a layer's width: said as "25 units", or "none" for no second layer
          shown.textContent = q(name).value;
          q(name).setAttribute("aria-valuetext", q(name).value === "0" ? "none" : q(name).value + " units");
        }
      });
    });
    ["optimizer", "lr"].forEach(function (name) {  // live: training goes on with the new step
      q(name).addEventListener("change", function () { trainer.setOptimizer(q("optimizer").value, +q("lr").value); draw(); });
    });
    reset();
    var api = { trainer: function () { return trainer; }, reset: reset, play: play, pause: pause,
                steps: function (k) { trainer.run(k); draw(); return trainer.losses.length; } };
    el.tplibPlayground = api;
    el.setAttribute("data-ready", "true");
    return api;
  };
  return core;
});
