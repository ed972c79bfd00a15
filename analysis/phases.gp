# Where each map's (or unmap's) work goes: one panel per size, each on its
# own y scale (a 2 MiB map does a fraction of a 1 GiB one's work), a bar
# per offset and kernel, stacked by the outermost work phases and the work
# no phase covers; medians, the waits left out (they are not work; under
# icount they are virtual time). Data: `mhpbench compare --data DIR`.
#   gnuplot -c phases.gp DIR/work-phases-OP.dat TERM(png|svg) OUT
f = ARG1; term = ARG2; out = ARG3
hdr(key) = system(sprintf("sed -n 's/^# %s: //p' '%s'", key, f))
op = hdr("op"); nb = int(hdr("blocks")); ncol = int(hdr("columns"))
kernels = system(sprintf("sed -n 's/^# kernel \\([A-Z]\\): /\\1 = /p' '%s' | paste -sd, - | sed 's/,/, /g'", f))
w = nb > 3 ? 280 * nb + 80 : 1000
if (term eq "png") { set terminal pngcairo size w,600 noenhanced font ",10" } else {
  set terminal svg size w,600 noenhanced font ",10" }
set output out
if (nb == 0) {
  set title sprintf("no %s work in these runs", op)
  set xrange [0:1]; set yrange [0:1]; unset tics
  plot NaN notitle
  exit
}
set multiplot title sprintf("Where does %s work go, at each size? (medians; the waits left out)\n%s", \
  op, hdr("env"))
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.7
set datafile columnheaders
set grid y lc rgb "#cccccc"
set ytics format "%g" nomirror
set xtics nomirror scale 0 font ",9"
set yrange [0:*]
set offsets 0, 0, graph 0.05, 0
# the panels side by side, room for the title above and the key below
left = 0.07; right = 0.99; pw = (right - left) / nb
set tmargin at screen 0.83; set bmargin at screen 0.22
# a bar's label on two lines, the kernel's letter then the offset; more
# than 4 bars a panel (3 kernels or more): on one line, upright
bars = int(system(sprintf("awk '/^\"/ { n++ } /^$/ { n = 0 } n > m { m = n } END { print m + 0 }' '%s'", f)))
lab(s) = bars > 4 ? s : word(s, 1)."\n".s[strlen(word(s, 1)) + 2:]
if (bars > 4) { set xtics rotate by 90 right }
do for [i=0:nb-1] {
  set lmargin at screen left + i * pw + (i ? 0.035 : 0)
  set rmargin at screen left + (i + 1) * pw - 0.005
  set label 1 hdr(sprintf("block %d", i)) at graph 0.5, graph 1 center offset 0, 0.8 font ",11"
  if (i == 0) { set ylabel hdr("ylabel") } else { unset ylabel }
  plot for [c=2:ncol+1] f index i using c:xtic(lab(strcol(1))) lc c - 1 notitle
}
# the key of every panel: one empty plot across the bottom
unset label 1; unset ylabel; unset tics; unset grid; unset border
set lmargin at screen left; set rmargin at screen right
set tmargin at screen 0.1; set bmargin at screen 0.02
set xrange [0:1]; set yrange [0:1]
set key at screen 0.5, screen 0.1 center top horizontal samplen 2 width 1 reverse Left
set key title sprintf("bars: %s; stacked:", kernels)
set style fill solid 0.85 border -1
names = system(sprintf("awk '!/^#/ { for (i = 2; i <= NF; i++) print $i; exit }' '%s'", f))
plot for [c=1:ncol] NaN with boxes lc c title word(names, c)
unset multiplot
