"""The export formats (a registry) and their writers: build the content, hand it to a renderer of the exports
package, run as a background job."""
