# Which phases did B change, and by how much: per phase (a row) and case
# (a point), B's median against A's in percent. Filled: flagged; hollow:
# decided, not flagged; a cross: not tested. Colour: the case's size,
# shape: its offset (and type). Data: `mhpbench compare --data DIR`.
#   gnuplot -c change.gp DIR/change-OP.dat K TERM(png|svg) OUT
# K: the compared kernel, 1 (B), 2 (C), ...
f = ARG1; k = int(ARG2); term = ARG3; out = ARG4
hdr(key) = system(sprintf("sed -n 's/^# %s: //p' '%s'", key, f))
op = hdr("op"); nph = int(hdr("phases")); nwork = int(hdr("work phases"))
nsz = int(hdr("sizes")); nvar = int(hdr("variants"))
letter = word(hdr("compared"), k)
kb = hdr("kernel ".letter); ka = hdr("kernel A")
wunit = hdr("work unit"); tunit = hdr("wait unit")
h = nph > 8 ? 150 + 42 * nph : 500
if (term eq "png") { set terminal pngcairo size 1000,h noenhanced font ",10" } else {
  set terminal svg size 1000,h noenhanced font ",10" }
set output out
set title sprintf("Which %s phases did %s change, and by how much?\n%s = %s against A = %s, %% of A's median; filled: flagged\n%s", \
  op, letter, letter, kb, ka, hdr("env"))
# columns: phase case size variant name label, then per kernel change lo hi verdict
cx = 7 + 4 * (k - 1); cv = cx + 3
set datafile columnheaders
first = system(sprintf("awk '!/^#/{n++} n==2{print $1; exit}' '%s'", f))
if (first eq "none" || nph == 0) {
  set label 1 sprintf("no %s rows in these runs", op) at graph 0.5, 0.5 center
  set xrange [0:1]; set yrange [0:1]; unset tics
  plot NaN notitle
  exit
}
# colour by size (Dark2), shape by variant: hollow pt s(v), filled s(v) + 1
array pal[8] = [0x1b9e77, 0xd95f02, 0x7570b3, 0xe7298a, 0x66a61e, 0xe6ab02, 0xa6761d, 0x666666]
array shape[6] = [6, 4, 8, 10, 12, 14]
col(s) = pal[int(s) % 8 + 1]
hollow(v) = shape[int(v) % 6 + 1]
ncase = int(system(sprintf("awk '!/^#/ && $1 ~ /^[0-9]+$/ && $2 + 1 > n {n = $2 + 1} END {print n}' '%s'", f)))
# the cases of a phase spread over its row, the first on top
dy(c) = ncase > 1 ? (c - (ncase - 1) / 2.0) * 0.7 / ncase : 0
y(p, c) = p + dy(c)
stats f using cx nooutput
lo = STATS_min < 0 ? STATS_min : 0; hi = STATS_max > 0 ? STATS_max : 0
pad = (hi - lo) * 0.06 + 1
set xrange [lo - pad:hi + pad]
set yrange [nph - 0.5:-0.5]
set ytics scale 0 nomirror
set ytics ()
do for [i=0:nph-1] {
  set ytics add (system(sprintf("sed -n 's/^# phase %d [a-z]*: //p' '%s'", i, f)) i)
  if (i % 2 == 1) {
    set object rect from graph 0, first i - 0.5 to graph 1, first i + 0.5 \
      fc rgb "#eeeeee" fs solid noborder behind
  }
}
# work above the line; wait, the phases holding one and total below it,
# each group named in the left margin
wide = int(system(sprintf("sed -n 's/^# phase [0-9]* [a-z]*: //p' '%s' | awk '{ if (length > n) n = length } END { print n + 0 }'", f)))
set lmargin wide + 6
set label 2 sprintf("work (%s)", wunit) rotate by 90 center at screen 0.012, first (nwork - 1) / 2.0 font ",9" tc rgb "#555555"
if (nwork < nph) {
  set arrow from graph 0, first nwork - 0.5 to graph 1, first nwork - 0.5 nohead lw 1.5 lc rgb "#555555"
  set label 3 sprintf("wait, total (%s)", tunit) rotate by 90 center at screen 0.012, first (nwork + nph - 1) / 2.0 font ",9" tc rgb "#555555"
}
set xtics format "%+g%%" nomirror
set mxtics 2
set grid xtics mxtics lc rgb "#cccccc"
set yzeroaxis lt -1 lw 1.5
set xlabel sprintf("%s's median against A's (%%): left of 0, %s does less work or takes less time", letter, letter)
set rmargin at screen 0.80
set key at screen 0.99, graph 1 right top vertical Left reverse samplen 1 spacing 1.1 box lc rgb "#999999"
sz(i) = hdr(sprintf("size %d", i))
var(i) = hdr(sprintf("variant %d", i))
flagged(v) = v == 2 || v == 3
plot \
  f using (column(cx)):(flagged(column(cv)) ? y($1, $2) : NaN):(hollow($4) + 1):(col($3)) \
    with points pt variable lc rgb variable ps 1.6 notitle, \
  f using (column(cx)):(column(cv) == 1 ? y($1, $2) : NaN):(hollow($4)):(col($3)) \
    with points pt variable lc rgb variable ps 1.6 lw 1.5 notitle, \
  f using (column(cx)):(column(cv) == 0 ? y($1, $2) : NaN):(col($3)) \
    with points pt 2 lc rgb variable ps 1.2 lw 1.5 notitle, \
  for [i=0:nsz-1] NaN with points pt 7 ps 1.6 lc rgb col(i) title "size ".sz(i), \
  for [i=0:nvar-1] NaN with points pt hollow(i) + 1 ps 1.6 lc rgb "black" title var(i), \
  NaN with points pt 7 ps 1.6 lc rgb "black" title "filled: flagged", \
  NaN with points pt 6 ps 1.6 lw 1.5 lc rgb "black" title "hollow: not flagged", \
  NaN with points pt 2 ps 1.2 lw 1.5 lc rgb "black" title "cross: not tested"
