# memmap_init bandwidth against the memset limit, per case and run: the
# bytes of struct page memmap_init_zone_device() initialises per second
# (filled circles) next to the kernel's memset() bandwidth for the same
# bytes (open squares), medians with 95% intervals, log y. Data:
# `mhpbench compare --data DIR`, DIR/bandwidth.dat.
#   gnuplot -c bandwidth.gp DIR/bandwidth.dat TERM(png|svg) OUT
# (the title names the environment from runs.txt beside the data file;
# the key names the kernels)
f = ARG1; term = ARG2; out = ARG3
env = system("sed 's/^[^(]*(//; s/)$//' \"$(dirname '".f."')/runs.txt\"")
if (term eq "png") { set terminal pngcairo size 1200,650 noenhanced font ",10" } else {
  set terminal svg size 1200,650 noenhanced font ",10" }
set output out
set title sprintf("How close is memmap_init to the memset limit? (struct page bytes written per second)\n%s", env)
set ylabel "bandwidth (GB/s = 10^9 bytes/s, log), median, 95% interval"
first = system(sprintf("awk '!/^#/{n++} n==2{print $1; exit}' '%s'", f))
if (first eq "none") {
  set label 1 "no memmap_init or memset values in these pools" at graph 0.5, 0.5 center
  set xrange [0:1]; set yrange [0:1]
  plot NaN notitle
  exit
}
# the median columns with a value (a run without memset[] has no memset
# series, and a series of nan only would stop gnuplot): per run, memmap_init
# in column 2+7k, memset in 5+7k; plotted side by side around each case
cols = system(sprintf("sed -n 's/^# plot columns://p' '%s'", f))
ns = words(cols)
dx(i) = (i - (ns + 1) / 2.0) * 0.6 / ns
c(i) = int(word(cols, i))
set logscale y
set ytics format "%g"
set ytics add ("0.2" 0.2, "0.5" 0.5, "2" 2, "5" 5, "20" 20, "50" 50)
set xrange [-0.5:*]
set autoscale yfix
set offsets 0, 0.5, graph 0.08, graph 0.08
set key autotitle columnheader
set key below
set xtics rotate by 30 right
set grid y
plot f using 0:(NaN):xtic(strcol(1)) notitle, \
     for [i=1:ns] f using ($0 + dx(i)):(column(c(i)) / 1e9):(column(c(i) + 1) / 1e9): \
       (column(c(i) + 2) / 1e9) with yerrorbars lc (c(i) - 2) / 7 + 1 \
       pt ((c(i) - 2) % 7 ? 4 : 7) ps 1.2 lw 1.5 title columnheader(c(i))
