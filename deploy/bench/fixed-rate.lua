-- Shared by the webhook benches (statuses.sh, inbox.sh): posts prepared signed webhooks at a
-- fixed rate. Arguments: file of `signature TAB body` lines, threads, rate (webhooks/s), first line.
-- Each thread keeps every threads-th line from the given one on and posts them in order, one per
-- slot of its schedule (rate/threads a second; wrk 4.1 has no -R).
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_usec; } bench_timeval;
int gettimeofday(bench_timeval *tv, void *tz);
]]
local tv = ffi.new("bench_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end
local threads_made = 0
setup = function(thread)
  thread:set("tid", threads_made)
  threads_made = threads_made + 1
end
local requests = {}
local position = 0
local interval = 1
local next_at = nil
init = function(args)
  local file, threads, rate, from = args[1], tonumber(args[2]), tonumber(args[3]), tonumber(args[4])
  interval = threads * 1000 / rate
  local n = 0
  for line in io.lines(file) do
    if n >= from and (n - from) % threads == tid then
      local tab = line:find("\t", 1, true)
      requests[#requests + 1] = wrk.format("POST", "/webhooks/whatsapp",
        { ["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = line:sub(1, tab - 1) },
        line:sub(tab + 1))
    end
    n = n + 1
  end
end
request = function()
  position = position % #requests + 1
  return requests[position]
end
delay = function()
  local now = now_ms()
  if next_at == nil then next_at = now end
  local slot = next_at
  next_at = next_at + interval
  if slot > now then return math.floor(slot - now) end
  return 0
end
