import Testing

@testable import PanoramaBench

struct ServeBenchmarkTests {
    /// wrk 4.1's report with `--latency`, as it prints it.
    let report = """
        Running 10s test @ http://127.0.0.1:18080
          2 threads and 64 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     4.31ms    2.10ms  41.20ms   81.02%
            Req/Sec     7.61k   512.33     8.70k    70.50%
          Latency Distribution
             50%    3.90ms
             75%    5.02ms
             90%  870.00us
             99%    1.20s
          151515 requests in 10.00s, 2.10GB read
          Socket errors: connect 0, read 3, write 1, timeout 2
          Non-2xx or 3xx responses: 5
        Requests/sec:  15151.52
        Transfer/sec:    215.04MB
        """

    @Test func wrksReportGivesThroughputPercentilesAndErrors() throws {
        let result = try #require(ServeBenchmark.parse(report, page: "customer page"))
        #expect(result.requestsPerSecond == 15151.52)
        #expect(result.p50 == 3.9)
        #expect(abs(result.p90 - 0.87) < 1e-9, "microseconds are converted")
        #expect(result.p99 == 1_200, "seconds are converted")
        #expect(result.errors == 11, "non-2xx responses and socket errors count")
    }

    @Test func aReportWithoutLatenciesIsNotAResult() {
        #expect(ServeBenchmark.parse("unable to connect to 127.0.0.1:18080 Connection refused", page: "store page") == nil)
        #expect(ServeBenchmark.milliseconds("12.5") == nil)
        #expect(ServeBenchmark.milliseconds("1.50m") == 90_000, "wrk writes a minute or more in minutes")
    }

    @Test func pathsAreQuotedForWrksScript() {
        #expect(ServeBenchmark.luaString("/territory/BR-1") == "\"/territory/BR-1\"")
        #expect(ServeBenchmark.luaString("/a\"b\\c") == "\"/a\\\"b\\\\c\"")
    }

    @Test func theServersAnnouncementGivesItsCustomers() {
        #expect(ServeBenchmark.customers(in: "Serving 1,000,000 customers at http://127.0.0.1:18080/ (loaded in 95 s); Ctrl-C stops.") == 1_000_000)
        #expect(ServeBenchmark.customers(in: "starting") == 0)
    }
}
