# Map or unmap time vs size, log-log: one line per kernel (run) and offset,
# medians with their 95% interval as bars; section-aligned offsets solid,
# unaligned dashed. Data: `mhpbench compare --data DIR`.
#   gnuplot -c size.gp DIR OP(map|unmap) TERM(png|svg|dumb) OUT
dir = ARG1; op = ARG2; term = ARG3; out = ARG4
runs = system("cat '".dir."/runs.txt'")
if (term eq "png") { set terminal pngcairo size 1000,650 noenhanced } else {
  if (term eq "svg") { set terminal svg size 1000,650 noenhanced } else {
    set terminal dumb size 100,34 noenhanced } }
if (term ne "dumb") { set output out }
set title sprintf("%s time vs size\n%s", op, runs)
set xlabel "size mapped (MiB)"
al = sprintf("%s/size-%s-aligned.dat", dir, op)
# the data file may name its unit (exact mode: virtual time)
yl = system(sprintf("sed -n 's/^# ylabel: //p' '%s'", al))
set ylabel (yl ne "" ? yl : sprintf("median %s time (us), 95%% interval", op))
set logscale xy
set key outside right top
set grid
un = sprintf("%s/size-%s-unaligned.dat", dir, op)
# one block per line of legend: each block starts with its quoted title
na = int(system("grep -c '^\"' '".al."'"))
nu = int(system("grep -c '^\"' '".un."'"))
plot for [i=0:na-1] al index i using ($1/1048576):2:3:4 with yerrorlines lw 2 pt 7 \
       lc i+1 dt 1 title columnheader(1), \
     for [i=0:nu-1] un index i using ($1/1048576):2:3:4 with yerrorlines lw 2 pt 6 \
       lc i+1 dt 2 title columnheader(1)
