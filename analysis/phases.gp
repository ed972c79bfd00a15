# Where the time of a map or unmap goes: stacked bars per run and case,
# the wait (RCU grace periods, reference drain) then each top-level work
# phase and the unprobed rest. Stacked medians. Data: `mhpbench compare --data DIR`.
#   gnuplot -c phases.gp DIR OP(map|unmap) TERM(png|svg|dumb) OUT
dir = ARG1; op = ARG2; term = ARG3; out = ARG4
runs = system("cat '".dir."/runs.txt'")
if (term eq "png") { set terminal pngcairo size 1200,650 noenhanced } else {
  if (term eq "svg") { set terminal svg size 1200,650 noenhanced } else {
    set terminal dumb size 120,34 noenhanced } }
if (term ne "dumb") { set output out }
f = sprintf("%s/phases-%s.dat", dir, op)
ncol = int(system(sprintf("awk '!/^#/{print NF; exit}' '%s'", f)))

# the data file may name its unit (exact mode: instructions, no wait)
yl = system(sprintf("sed -n 's/^# ylabel: //p' '%s'", f))
set ylabel (yl ne "" ? yl : sprintf("median %s time (us)", op))
haswait = int(system(sprintf("grep -c '^run_case wait' '%s'", f)))
set title sprintf(haswait ? "%s: wait vs work phases (medians)\n%s" : \
  "%s: work phases (medians; the wait is virtual time, left out)\n%s", op, runs)
set xlabel "run:case (size @+offset)"
set style data histograms
set style histogram rowstacked
set style fill solid 0.8 border -1
set boxwidth 0.75
set key outside right top
set xtics rotate by -45
set grid y
plot for [c=2:ncol] f using c:xtic(1) title columnheader(c)
