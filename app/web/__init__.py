"""Browser pages: the chat page for job seekers and employers, and the presentation kit
(templates, static files) the staff console shares. Installed by `app.main.create_app`."""
