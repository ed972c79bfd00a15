# One case's map or unmap along the runs in trend order: its work above
# (the figure a kernel change moves), its total (95% interval) and wait
# below (RCU grace periods: time, under icount virtual time), each with
# its change points as red vertical lines (the phases' over work). The
# kernels name the x axis, once per run of consecutive runs of one kernel. Data: `mhpbench trend
# --data DIR` (STEM.dat and STEM-cp.dat).
#   gnuplot -c trend.gp DIR/STEM "OP CASE" TERM(png|svg) OUT
stem = ARG1; what = ARG2; term = ARG3; out = ARG4
f = stem.".dat"; cp = stem."-cp.dat"
if (term eq "png") { set terminal pngcairo size 1000,700 noenhanced font ",10" } else {
  set terminal svg size 1000,700 noenhanced font ",10" }
set output out
nruns = int(system(sprintf("grep -vc '^#' '%s'", f)))
# the units: the column titles say what the work column counts
cols = system(sprintf("sed -n 's/^# run //p' '%s' | tail -n 1", f))
wk = word(cols, 5)
wunit = wk eq "work_kinstructions" ? "thousands of instructions" : \
  (wk eq "work_kcycles" ? "thousands of estimated cycles" : "us")
tunit = wk eq "work_us" ? "us" : "virtual us"
# change points: "x percent metric" lines, the last one "nan nan none"
# (work and its phases above, total and wait below)
ncp(m) = int(system(sprintf("awk '$3 == \"%s\" && $1 != \"nan\"' '%s' | wc -l", m, cp)))
nrest = ncp("total") + ncp("wait")
nwork = int(system(sprintf("awk '!/^#/ && $3 != \"total\" && $3 != \"wait\" && $1 != \"nan\"' '%s' | wc -l", cp)))
cptext = nwork + nrest ? sprintf("%d change point%s (red lines; the phases' drawn over work)", \
  nwork + nrest, nwork + nrest > 1 ? "s" : "") : "no change point"
set multiplot title sprintf("Did the %s change along the kernels? (per run, in trend order)\n%s", \
  what, cptext)
# the kernels: one label per group of consecutive runs of one kernel,
# centred on it, a dotted line between groups; at most 24 labels
groups = system(sprintf("awk '!/^#/ { n = $7; if (n != last) { if (NR0) print s, (r0 + prev) / 2, last; s = $1 - 0.5; r0 = $1; last = n; NR0 = 1 } prev = $1 } END { if (NR0) print s, (r0 + prev) / 2, last }' '%s'", f))
ngr = words(groups) / 3
step = ngr > 24 ? int(ceil(ngr / 24.0)) : 1
set xrange [-0.5:nruns - 0.5]
do for [g=2:ngr] {
  set arrow from word(groups, 3 * g - 2), graph 0 to word(groups, 3 * g - 2), graph 1 nohead dt 3 lc rgb "#888888"
}
# (named on the bottom panel only)
set xtics () nomirror scale 0
do for [g=1:ngr:step] { set xtics add ("" word(groups, 3 * g - 1)) }
set grid y lc rgb "#cccccc"
set ytics format "%g" nomirror
set key outside right top vertical Left reverse samplen 2 width 1
set lmargin at screen 0.09; set rmargin at screen 0.78
# change points of metric m ("x percent metric" each) as red lines with
# their change, arrows and labels from tag 101
cpline(m) = system(sprintf("awk '$3 == \"%s\" && $1 != \"nan\" { print $1, $2, $3 }' '%s'", m, cp))
# top: work
set tmargin at screen 0.88; set bmargin at screen 0.56
set ylabel sprintf("median work (%s)", wunit)
l = system(sprintf("awk '!/^#/ && $3 != \"total\" && $3 != \"wait\" && $1 != \"nan\" { print $1, $2, $3 }' '%s'", cp))
# labels stacked down the panel: change points of phases share their x
do for [i=1:words(l)/3] {
  set arrow 100 + i from word(l, 3 * i - 2), graph 0 to word(l, 3 * i - 2), graph 1 nohead lw 2 lc rgb "red"
  set label 100 + i sprintf("%s %+.1f%%", word(l, 3 * i), real(word(l, 3 * i - 1))) \
    at word(l, 3 * i - 2), graph 0.95 - 0.09 * (i - 1) left offset 0.5, 0 tc rgb "red"
}
plot f using 1:6 with linespoints pt 4 lc 3 title "work", \
  for [i=1:(nwork > 0)] NaN with lines lw 2 lc rgb "red" title "change point"
do for [i=1:words(l)/3] { unset arrow 100 + i; unset label 100 + i }
# bottom: total with its interval, and wait
set tmargin at screen 0.52; set bmargin at screen 0.20
set xtics () rotate by 30 right
do for [g=1:ngr:step] { set xtics add (word(groups, 3 * g) word(groups, 3 * g - 1)) }
set ylabel sprintf("median total, wait (%s)", tunit)
l = cpline("total")." ".cpline("wait")
do for [i=1:words(l)/3] {
  set arrow 100 + i from word(l, 3 * i - 2), graph 0 to word(l, 3 * i - 2), graph 1 nohead lw 2 lc rgb "red"
  set label 100 + i sprintf("%s %+.1f%%", word(l, 3 * i), real(word(l, 3 * i - 1))) \
    at word(l, 3 * i - 2), graph 0.95 left offset 0.5, 0 tc rgb "red"
}
plot f using 1:2:3:4 with yerrorlines lw 1.5 pt 7 lc 1 title "total (95% interval)", \
  f using 1:5 with linespoints pt 6 lc 2 title "wait", \
  for [i=1:(nrest > 0)] NaN with lines lw 2 lc rgb "red" title "change point"
unset multiplot
