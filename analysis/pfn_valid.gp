# pfn_valid() ns per call by where the pfn lies (the five cases of the
# pfn_valid suite), clustered bars: one bar per run (kernel) and case, the
# median with its 95% interval as whiskers. Data: `mhpbench compare --data
# DIR`, DIR/pfn-valid.dat.
#   gnuplot -c pfn_valid.gp DIR/pfn-valid.dat TERM(png|svg) OUT
# (the title names the environment from runs.txt beside the data file;
# the key names the kernels)
f = ARG1; term = ARG2; out = ARG3
env = system("sed 's/^[^(]*(//; s/)$//' \"$(dirname '".f."')/runs.txt\"")
if (term eq "png") { set terminal pngcairo size 1000,600 noenhanced font ",10" } else {
  set terminal svg size 1000,600 noenhanced font ",10" }
set output out
set title sprintf("What does a pfn_valid() call cost, by where the pfn lies?\n%s", env)
set xlabel "pfn_valid() case (where the pfns lie)"
set ylabel "ns per call (call loop - empty loop), median, 95% interval"
# the first word of the first data line: "none" without pfn_valid runs
first = system(sprintf("awk '!/^#/{n++} n==2{print $1; exit}' '%s'", f))
if (first eq "none") {
  set label 1 "no pfn_valid runs in these pools" at graph 0.5, 0.5 center
  set xrange [0:1]; set yrange [0:1]
  plot NaN notitle
  exit
}
# the median columns with a value (a run without pfn_valid samples has
# none, and a series of nan only would stop gnuplot)
cols = system(sprintf("sed -n 's/^# plot columns://p' '%s'", f))
set style data histograms
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set yrange [0:*]
set key outside right top Left reverse
set grid y
c(i) = int(word(cols, i))
plot for [i=1:words(cols)] f using (column(c(i))):(column(c(i) + 1)):(column(c(i) + 2)):xtic(1) \
       lc (c(i) - 2) / 4 + 1 title columnheader(c(i))
