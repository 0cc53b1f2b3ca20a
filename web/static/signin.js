// The e-mailed sign-in link (web/templates/signin_link.html.j2): a browser that follows
// it signs in at once, by sending the page's one form (a POST with its CSRF token). A mail
// scanner that only fetches the link runs no script, so it uses nothing; without
// JavaScript the button does the same.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("sign-in");
  if (form) {
    form.submit();
  }
});
