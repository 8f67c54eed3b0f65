# Shared by compare-native.sh and compare-layers.sh to sum up their rounds. Each input line is
# ROUND CONFIGURATION NS_PER_OP; the scripts add their own functions and END block after this.
{ ns[$2, $1] = $3; if ($1 > rounds) rounds = $1 }
# The best (lowest) figure of a configuration over the rounds.
function best(config,    r, b) {
  b = -1
  for (r = 1; r <= rounds; r++) if (b < 0 || ns[config, r] < b) b = ns[config, r]
  return b
}
# Sorts v[1..n] and sets median, lowest and highest.
function summarize(v, n,    i, j, t) {
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
  median = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  lowest = v[1]
  highest = v[n]
}
