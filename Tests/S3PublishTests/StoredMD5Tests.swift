import Foundation
import S3Publish
import TestSupport
import Testing

/// The MD5 stored with each object, and what counts as "already there".
@Suite struct StoredMD5Tests {
    let md5 = "0cc175b9c0f1b6a831c399e269772661"

    @Test func theETagCountsAsAnMD5OnlyWhereItIsOne() {
        #expect(ObjectHead(etag: md5).contentMD5 == md5)
        // Multipart and KMS ETags are not MD5s; an MD5 stored beside the object is.
        #expect(ObjectHead(etag: "\(md5)-2").contentMD5 == nil)
        #expect(ObjectHead(etag: md5, serverSideEncryption: "aws:kms").contentMD5 == nil)
        #expect(ObjectHead(etag: "opaque", storedMD5: md5.uppercased(), serverSideEncryption: "aws:kms").contentMD5 == md5)
    }

    @Test func settingsCountWhenDecidingToSkip() throws {
        let location = try S3Location(parsing: "s3://b-1/cf/latest/")
        let body = Array("a".utf8)
        let plain = try PublishPlan(fileName: "t.json", body: body, destination: location, version: nil)
        let target = try #require(plain.targets.first)
        let stored = ObjectHead(etag: md5, contentType: "application/json")
        #expect(plain.isAlreadyStored(target, head: stored, md5: md5))
        let cached = try PublishPlan(fileName: "t.json", body: body, destination: location, version: nil, cacheControl: "no-cache")
        #expect(!cached.isAlreadyStored(target, head: stored, md5: md5))
        let withACL = try PublishPlan(fileName: "t.json", body: body, destination: location, version: nil, acl: "public-read")
        #expect(!withACL.isAlreadyStored(target, head: stored, md5: md5))
        #expect(!plain.isAlreadyStored(target, head: ObjectHead(etag: md5, contentType: "text/plain"), md5: md5))
    }

    @Test func uploadsStoreTheirMD5AndANewSettingIsApplied() async throws {
        let moto = try MotoServer.shared()
        let bucket = MotoServer.uniqueBucket("md5meta")
        try moto.createBucket(bucket)
        let body = Array("{\"v\": 1}\n".utf8)
        func publish(cacheControl: String?) async throws -> [PublishedObject] {
            let plan = try PublishPlan(
                fileName: "t.json", body: body, destination: try S3Location(parsing: "s3://\(bucket)/cf/latest/"), version: nil,
                cacheControl: cacheControl)
            return try await withClient(endpoint: moto.endpoint) { client in try await Publisher(client: client).publish(plan) }
        }
        #expect(try await publish(cacheControl: nil).map(\.outcome) == [.uploaded])
        let head = try moto.head(bucket, "cf/latest/t.json")
        #expect(head["Metadata"]?.contains("tplpatch-md5") == true, "\(head)")
        #expect(try await publish(cacheControl: nil).map(\.outcome) == [.unchanged])
        // The same bytes with a new Cache-Control are sent again, not skipped.
        #expect(try await publish(cacheControl: "max-age=60").map(\.outcome) == [.uploaded])
        #expect(try moto.head(bucket, "cf/latest/t.json")["CacheControl"] == "max-age=60")
    }
}
