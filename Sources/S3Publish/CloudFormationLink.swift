/// The CloudFormation console's quick-create link for a template stored
/// at an S3 URL: opening it shows the "Quick create stack" page with the
/// template filled in.
public enum CloudFormationLink {
    /// `https://console.aws.amazon.com/cloudformation/home?region=REGION#/stacks/quickcreate?templateURL=URL`,
    /// with the template's URL percent-encoded (every byte but the RFC 3986
    /// unreserved `A-Z a-z 0-9 - . _ ~`), as a query value must be: the
    /// console's guide says encoding is supported and needed for URLs that
    /// carry their own query (presigned ones), and an S3 key may hold `&`,
    /// `#` or `+` that would otherwise end or change the parameter.
    public static func quickCreate(templateURL: String, region: String) -> String {
        let encodedRegion = URIEncoding.encode(region.utf8, keepingSlash: false)
        let encodedURL = URIEncoding.encode(templateURL.utf8, keepingSlash: false)
        return "https://console.aws.amazon.com/cloudformation/home?region=\(encodedRegion)"
            + "#/stacks/quickcreate?templateURL=\(encodedURL)"
    }
}
