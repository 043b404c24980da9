import Testing

import PanoramaModel

struct ParallelWorkersTests {
    struct Refused: Error, Equatable {
        let worker: Int
    }

    @Test func everyWorkersResultComesBackInWorkerOrder() throws {
        #expect(ParallelWorkers.compute(count: 5) { $0 * $0 } == [0, 1, 4, 9, 16])
        #expect(try ParallelWorkers.run(count: 3) { "worker \($0)" } == ["worker 0", "worker 1", "worker 2"])
    }

    @Test func aFailingWorkerFailsTheRun() {
        #expect(throws: Refused(worker: 2)) {
            try ParallelWorkers.run(count: 4) { worker -> Int in
                if worker == 2 { throw Refused(worker: worker) }
                return worker
            }
        }
    }
}
