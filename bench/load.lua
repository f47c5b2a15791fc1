-- wrk script of bench/load.py. Environment:
--   LOAD_PATHS  a file of request paths, one a line (GET), taken in a random order per thread
--   LOAD_WRITE  "1": the write mix instead (needs LOAD_TOKEN and LOAD_ARTICLES, a file of article
--               UUIDs with their version, "uuid version" a line, one per wrk thread): each thread
--               PATCHes its own article's headline with If-Match (the version from the last
--               answer's ETag); every fourth request creates a draft article instead
-- done() prints one JSON line: requests, seconds, errors, latency percentiles in ms.
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
end

function init(args)
  math.randomseed(number * 7919)
  writes = os.getenv("LOAD_WRITE") == "1"
  if writes then
    token = os.getenv("LOAD_TOKEN")
    local line = 0
    for entry in io.lines(os.getenv("LOAD_ARTICLES")) do
      line = line + 1
      if line == number then
        uuid, version = entry:match("(%S+) (%S+)")
      end
    end
    sent = 0
  else
    paths = {}
    for path in io.lines(os.getenv("LOAD_PATHS")) do
      paths[#paths + 1] = path
    end
  end
end

function request()
  if not writes then
    return wrk.format("GET", paths[math.random(#paths)])
  end
  sent = sent + 1
  local headers = {["Authorization"] = "Token " .. token, ["Content-Type"] = "application/json"}
  if sent % 4 == 0 then
    local body = '{"headline": "خبر تجريبي ' .. number .. '-' .. sent .. '", "body": "نص الخبر."}'
    return wrk.format("POST", "/api/v1/articles/", headers, body)
  end
  headers["If-Match"] = '"' .. version .. '"'
  local body = '{"headline": "عنوان معدل ' .. number .. '-' .. sent .. '"}'
  return wrk.format("PATCH", "/api/v1/articles/" .. uuid .. "/", headers, body)
end

if os.getenv("LOAD_WRITE") == "1" then
  function response(status, headers, body)
    if status == 200 and headers["ETag"] then
      version = headers["ETag"]:match('"(%d+)"') or version
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "http_errors": %d, "socket_errors": %d, ' ..
    '"p50": %.2f, "p95": %.2f, "p99": %.2f, "max": %.2f}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
