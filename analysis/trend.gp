# One case's map or unmap time across runs in trend order: total with its
# 95% interval, wait and work, change points as vertical lines. Data:
# `mhpbench trend --data DIR` (STEM.dat and STEM-cp.dat).
#   gnuplot -c trend.gp DIR/STEM "TITLE" TERM(png|svg|dumb) OUT
stem = ARG1; what = ARG2; term = ARG3; out = ARG4
if (term eq "png") { set terminal pngcairo size 1000,600 noenhanced } else {
  if (term eq "svg") { set terminal svg size 1000,600 noenhanced } else {
    set terminal dumb size 100,30 noenhanced } }
if (term ne "dumb") { set output out }
set title what
set xlabel "run, in trend order (kernel release below)"
# an icount trend's data names its units (work in instructions)
yl = system(sprintf("sed -n 's/^# ylabel: //p' '%s.dat'", stem))
set ylabel (yl ne "" ? yl : "median time (us)")
set logscale y
set key outside right top
set grid
set xtics rotate by -45
cp = stem."-cp.dat"
do for [x in system("awk '!/^#/ && $1 != \"nan\" {print $1}' '".cp."'")] {
  set arrow from x, graph 0 to x, graph 1 nohead dt 3 lw 2 lc "red"
}
# kernel names under the axis only while they fit
nruns = int(system("grep -vc '^#' '".stem.".dat'"))
lab(c) = nruns <= 16 ? stringcolumn(c) : ""
if (nruns > 16) { set xlabel "run index, in trend order (names: trend report)" }
plot stem.".dat" using 1:2:3:4:xtic(lab(7)) with yerrorlines lw 2 pt 7 title "total (95% interval)", \
     "" using 1:5 with linespoints pt 6 title "wait", \
     "" using 1:6 with linespoints pt 4 title "work", \
     NaN with lines dt 3 lw 2 lc "red" title "change point"
