# How map (or unmap) work grows with size, log-log: one line per kernel
# (colour) and offset (dash and point), medians with their 95% interval,
# the x ticks at the sizes measured. Work only: the waits (RCU grace
# periods, reference drain) are not work, and under icount they are
# virtual time. Data: `mhpbench compare --data DIR`.
#   gnuplot -c size.gp DIR/work-size-OP.dat TERM(png|svg) OUT
f = ARG1; term = ARG2; out = ARG3
hdr(key) = system(sprintf("sed -n 's/^# %s: //p' '%s'", key, f))
op = hdr("op")
if (term eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else {
  set terminal svg size 1000,620 noenhanced font ",10" }
set output out
set title sprintf("How does %s work grow with size? (medians, 95%% intervals; the waits left out)\n%s", \
  op, hdr("env"))
first = system(sprintf("awk '!/^#/ {print; exit}' '%s'", f))
if (first eq "\"none\"") {
  set label 1 sprintf("no %s work in these runs", op) at graph 0.5, 0.5 center
  set xrange [0:1]; set yrange [0:1]; unset tics
  plot NaN notitle
  exit
}
sizes = hdr("sizes MiB"); labels = hdr("size labels")
kern = hdr("block kernels"); vars = hdr("block variants")
nblk = words(kern); n = words(sizes)
stats f using 3 nooutput
ylo = STATS_min
stats f using 4 nooutput
yhi = STATS_max
mant = yhi / ylo < 100 ? "1 1.5 2 3 5 7" : "1 2 5"
# x: the sizes measured, no further
set logscale xy 2
set xrange [word(sizes, 1) / 1.3:word(sizes, n) * 1.3]
set xtics () nomirror
do for [i=1:n] { set xtics add (word(labels, i) word(sizes, i)) }
set xlabel sprintf("size of the %s (log)", op)
set ylabel hdr("ylabel").", log"
# y: labelled at 1, 2, 5 x 10^k across the data (1, 1.5, 2, 3, 5, 7
# within two decades)
set yrange [ylo / 1.3:yhi * 1.3]
set ytics () nomirror
do for [e=int(floor(log10(ylo / 1.3))):int(ceil(log10(yhi * 1.3)))] {
  do for [m in mant] { set ytics add (sprintf("%g", m * 10**e) m * 10**e) }
}
set grid xtics ytics lc rgb "#cccccc"
set key outside right top vertical Left reverse samplen 3 width 1
set rmargin 34
plot for [i=1:nblk] f index i - 1 using 1:2:3:4 with yerrorlines lw 2 ps 1.2 \
  lc int(word(kern, i)) + 1 dt int(word(vars, i)) + 1 pt 7 - 2 * int(word(vars, i)) \
  title columnhead(1)
