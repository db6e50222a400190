# The five Redis workloads the comparison scripts run (sourced by redis_commandstats.sh and
# redis_callgrind.sh, so both measure the same scripts), and a free local port.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
INCR="return redis.call('INCR', KEYS[1])"
HUNDRED="for i = 1, 100 do redis.call('INCR', KEYS[1]) end return redis.call('GET', KEYS[1])"
SHEBANG="#!lua
return redis.call('INCR', KEYS[1])"
LIB="#!lua name=benchlib
redis.register_function('incr1', function(keys) return redis.call('INCR', keys[1]) end)"
NAMES=('EVAL "return 1" 0' "EVALSHA redis.call('INCR')" "EVAL with 100 redis.call()s"
  "FCALL of one INCR" "EVAL #!lua + one INCR")
# The module the benches load unless SO names one: the shipped build (scripts/build-module.sh,
# profile-guided when it could be), else the plain `cargo build --release` output.
default_so() {
  local so
  for so in "$PWD/target/module/libferrous.so" "$PWD/target/release/libferrous.so"; do
    [ -f "$so" ] && { echo "$so"; return; }
  done
  echo "build the module first: scripts/build-module.sh (or cargo build --release)" >&2
  exit 1
}
